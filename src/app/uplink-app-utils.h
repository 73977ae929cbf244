/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>
#include <uplink.h>

G_BEGIN_DECLS

#define UPLINK_SERVER_SCHEMA "io.github.uplink.Uplink.Server"


gint64   uplink_app_monotonic_to_unix    (gint64      monotonic_time);
void     uplink_app_follow_connection    (gpointer          connection,
                                          GCallback         callback,
                                          gpointer          data);
GDBusInterfaceInfo *uplink_app_interface_info (const char *resource_name,
                                               const char *interface_name);
gboolean uplink_app_in_flatpak           (void);
gint64   uplink_app_steady_latency       (gint64     *shown,
                                          gint64      latency);
char    *uplink_app_describe_latency     (gint64      latency) G_GNUC_WARN_UNUSED_RESULT;

GSettings *uplink_app_server_settings_new (const char *id) G_GNUC_WARN_UNUSED_RESULT;
gboolean uplink_app_error_is_service_gone (const GError *error);
char    *uplink_app_name_for_url         (const char  *url) G_GNUC_WARN_UNUSED_RESULT;
int      uplink_state_severity           (UplinkState  state);

G_END_DECLS
