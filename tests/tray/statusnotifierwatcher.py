# SPDX-License-Identifier: LGPL-2.1-or-later
"""A python3-dbusmock template for org.kde.StatusNotifierWatcher, which
dbusmock 0.28 does not have.

The mock comes up under a name of its own and takes the watcher's name
only once its methods exist: an item registers the moment the name
appears, and must not find the methods missing (as it would with
AddMethod after the fact, and does even while dbusmock loads a template
under the watcher's name).

Parameters: "host" (bool, default true): whether a host is registered.
A test changes that with the Properties interface's Set and the mock's
EmitSignal, as a panel coming or going would.
"""

import dbus

BUS_NAME = "io.github.uplink.Test.StatusNotifierWatcher"
WATCHER_NAME = "org.kde.StatusNotifierWatcher"
MAIN_OBJ = "/StatusNotifierWatcher"
MAIN_IFACE = "org.kde.StatusNotifierWatcher"
SYSTEM_BUS = False


def load(mock, parameters):
    # Like Plasma's watcher, tell everyone which item registered; the test
    # reads the argument, which is what the item sent.
    mock.AddMethods(MAIN_IFACE, [
        ("RegisterStatusNotifierItem", "s", "",
         "self.EmitSignal('%s', 'StatusNotifierItemRegistered', 's', [args[0]])" % MAIN_IFACE),
        ("RegisterStatusNotifierHost", "s", "", ""),
    ])
    mock.AddProperties(MAIN_IFACE, {
        "IsStatusNotifierHostRegistered": dbus.Boolean(parameters.get("host", True)),
        "ProtocolVersion": dbus.Int32(0),
        "RegisteredStatusNotifierItems": dbus.Array([], signature="s"),
    })
    mock.connection.request_name(WATCHER_NAME, dbus.bus.NAME_FLAG_DO_NOT_QUEUE)
