// SPDX-License-Identifier: LGPL-2.1-or-later
// The indicator from GJS: bound to a connection to uplink-server, it turns
// connected. TAP output.

imports.gi.versions.Gtk = '4.0';
const {GLib, Gtk, Uplink, UplinkGtk} = imports.gi;

const TIMEOUT_MS = 10000;

function runUntil(predicate) {
    const context = GLib.MainContext.default();
    const deadline = GLib.get_monotonic_time() + TIMEOUT_MS * 1000;
    let timedOut = false;
    const timeout = GLib.timeout_add(GLib.PRIORITY_DEFAULT, TIMEOUT_MS, () => {
        timedOut = true;
        return GLib.SOURCE_REMOVE;
    });
    while (!predicate() && !timedOut && GLib.get_monotonic_time() < deadline)
        context.iteration(true);
    if (!timedOut)
        GLib.source_remove(timeout);
    return predicate();
}

function startServer() {
    const launcher = new imports.gi.Gio.SubprocessLauncher({
        flags: imports.gi.Gio.SubprocessFlags.STDOUT_PIPE,
    });
    const server = launcher.spawnv([GLib.getenv('UPLINK_SERVER'), '--port', '0']);
    const stdout = new imports.gi.Gio.DataInputStream({base_stream: server.get_stdout_pipe()});
    const [line] = stdout.read_line_utf8(null);
    return [server, line.replace('listening on ', '')];
}

Gtk.init();
print('1..1');
const [server, url] = startServer();
const connection = Uplink.Connection.new(url);
const indicator = UplinkGtk.Indicator.new(connection);
const window = new Gtk.Window({child: indicator});
window.present();
connection.start();
const ok = runUntil(() => indicator.has_css_class('connected')) &&
    indicator.icon_name === 'uplink-connected-symbolic';
print(`${ok ? 'ok' : 'not ok'} 1 - the indicator turns connected`);
connection.stop();
window.destroy();
server.force_exit();
server.wait(null);
imports.system.exit(ok ? 0 : 1);
