#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Uses libuplink from Python through GObject Introspection, as embedders do."""

import sys

import gi

gi.require_version("Uplink", "1.0")
from gi.repository import GLib, GObject, Uplink  # noqa: E402
from uplink_test import run_until, start_server  # noqa: E402

results = []


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))


class Listener(GObject.Object, Uplink.ConnectionListener):
    def __init__(self):
        super().__init__()
        self.events = []

    def do_on_connecting(self, connection):
        self.events.append("connecting")

    def do_on_connected(self, connection):
        self.events.append("connected")

    def do_on_disconnected(self, connection):
        self.events.append("disconnected")

    def do_on_connection_error(self, connection, error):
        self.events.append("error")


def test_states():
    check("state strings round-trip",
          [Uplink.state_to_string(s) for s in (
              Uplink.State.DISCONNECTED, Uplink.State.CONNECTING,
              Uplink.State.CONNECTED, Uplink.State.FEATURE_THROTTLED)]
          == ["disconnected", "connecting", "connected", "featureThrottled"])
    ok, state = Uplink.state_from_string("featureThrottled")
    check("state_from_string", ok and state == Uplink.State.FEATURE_THROTTLED)


def test_listener(url):
    connection = Uplink.Connection.new(url)
    listener = Listener()
    connection.add_listener("python", listener)
    signals = []
    connection.connect("connected", lambda c: signals.append("connected"))
    check("status before start", connection.get_status() == "disconnected")
    connection.start()
    run_until(lambda: connection.props.state == Uplink.State.CONNECTED)
    check("listener subclass sees connecting then connected",
          listener.events == ["connecting", "connected"], repr(listener.events))
    check("signal from Python", signals == ["connected"], repr(signals))
    check("get_status() is connected", connection.get_status() == "connected",
          connection.get_status())
    check("remove_listener", connection.remove_listener("python")
          and not connection.remove_listener("python"))
    connection.stop()
    check("stopped", connection.get_status() == "disconnected")


def test_error_domain():
    connection = Uplink.Connection.new("http://example.com/")
    errors = []
    connection.connect("connection-error", lambda c, e: errors.append(e))
    connection.start()
    run_until(lambda: errors)
    check("Uplink.ConnectionError domain",
          errors and errors[0].matches(Uplink.connection_error_quark(),
                                       Uplink.ConnectionError.INVALID_URL),
          repr(errors))
    check("last_error property", connection.props.last_error is not None)


def test_send_while_offline(url):
    """A message sent before the connection is up waits for it; the
    callback has no source object, and finish works on the connection."""
    connection = Uplink.Connection.new(url)
    outcomes = []

    def on_sent(source, result, number):
        try:
            outcomes.append((number, source, connection.send_text_finish(result)))
        except GLib.Error as error:
            outcomes.append((number, source, error.code))

    connection.send_text_async("hello", Uplink.SendFlags.RETRY, None, on_sent, 1)
    check("send-queue-length counts the waiting message",
          connection.props.send_queue_length == 1)
    connection.start()
    run_until(lambda: outcomes)
    check("queued message sent once connected", outcomes == [(1, None, True)], repr(outcomes))

    connection.stop()
    connection.send_text_async("late", Uplink.SendFlags.NONE, None, on_sent, 2)
    connection.set_send_queue_limit(1)
    connection.send_text_async("later", Uplink.SendFlags.NONE, None, on_sent, 3)
    run_until(lambda: len(outcomes) == 2)
    check("limit drops the oldest with QUEUE_FULL",
          outcomes[1:] == [(2, None, Uplink.ConnectionError.QUEUE_FULL)], repr(outcomes))


def main():
    server, url = start_server()
    try:
        test_states()
        test_listener(url)
        test_error_domain()
        test_send_while_offline(url)
    finally:
        server.terminate()
        server.wait(timeout=10)

    print(f"1..{len(results)}")
    for number, (name, passed, detail) in enumerate(results, 1):
        print(f"{'ok' if passed else 'not ok'} {number} - {name}")
        if not passed and detail:
            print(f"# {detail}")
    return 0 if all(passed for _, passed, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
