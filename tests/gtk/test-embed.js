// SPDX-License-Identifier: LGPL-2.1-or-later
// The indicator from GJS: bound to a connection to uplink-server, it turns
// connected; bound to a model the script drives, it follows every state.
// TAP output.

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
print('1..2');
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

// A client's own connection, mapped into a model.
const model = Uplink.StatusModel.new();
const seen = [];
model.connect('notify::state', () => seen.push(model.status));
const modelIndicator = UplinkGtk.Indicator.new_for_source(model);
const modelWindow = new Gtk.Window({child: modelIndicator});
modelWindow.present();
const shows = (css, tooltip) => runUntil(() => modelIndicator.has_css_class(css)) &&
    modelIndicator.icon_name === `uplink-${css}-symbolic` &&
    modelIndicator.get_tooltip_text().startsWith(tooltip);
let modelOk = shows('disconnected', 'Disconnected since ');
model.set_state(Uplink.State.CONNECTING);
modelOk = modelOk && shows('connecting', 'Connecting…');
model.set_state(Uplink.State.CONNECTED);
modelOk = modelOk && shows('connected', 'Connected');
model.set_throttled(['presence']);
modelOk = modelOk && shows('throttled', 'Some features paused');
model.set_state(Uplink.State.DISCONNECTED);
modelOk = modelOk && shows('disconnected', 'Disconnected since ') &&
    seen.join(' ') === 'connecting connected featureThrottled disconnected';
print(`${modelOk ? 'ok' : 'not ok'} 2 - a model drives the indicator through every state`);
modelWindow.destroy();
imports.system.exit(ok && modelOk ? 0 : 1);
