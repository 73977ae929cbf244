/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A network that tests switch on and off, as a real monitor reports it. */
#define UPLINK_TYPE_TEST_NETWORK_MONITOR (uplink_test_network_monitor_get_type ())
G_DECLARE_FINAL_TYPE (UplinkTestNetworkMonitor, uplink_test_network_monitor, UPLINK, TEST_NETWORK_MONITOR, GObject)

UplinkTestNetworkMonitor *uplink_test_network_monitor_new           (void);
void                      uplink_test_network_monitor_set_available (UplinkTestNetworkMonitor *self,
                                                                     gboolean                  available);
void                      uplink_test_network_monitor_changed       (UplinkTestNetworkMonitor *self);

G_END_DECLS
