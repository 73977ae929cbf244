/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

#include "uplink-credentials.h"
#include "uplink-server.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_SERVER_LIST (uplink_server_list_get_type ())

G_DECLARE_FINAL_TYPE (UplinkServerList, uplink_server_list, UPLINK, SERVER_LIST, GObject)

UplinkServerList *uplink_server_list_new            (GSettings          *app_settings,
                                                     UplinkCredentials  *credentials) G_GNUC_WARN_UNUSED_RESULT;
UplinkServer     *uplink_server_list_lookup         (UplinkServerList   *self,
                                                     const char         *id);
UplinkServer     *uplink_server_list_find_by_name   (UplinkServerList   *self,
                                                     const char         *name);
UplinkServer     *uplink_server_list_add            (UplinkServerList   *self,
                                                     const char         *name,
                                                     const char         *url,
                                                     GError            **error);
gboolean          uplink_server_list_set_first_url  (UplinkServerList   *self,
                                                     const char         *url,
                                                     GError            **error);
gboolean          uplink_server_list_rename         (UplinkServerList   *self,
                                                     UplinkServer       *server,
                                                     const char         *name,
                                                     GError            **error);
void              uplink_server_list_remove         (UplinkServerList   *self,
                                                     UplinkServer       *server);
UplinkState       uplink_server_list_get_state      (UplinkServerList   *self);
guint             uplink_server_list_get_n_watched  (UplinkServerList   *self);
UplinkConnection *uplink_server_list_get_connection (UplinkServerList   *self);

G_END_DECLS
