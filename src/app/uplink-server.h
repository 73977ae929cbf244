/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>
#include <uplink.h>

#include "uplink-app-utils.h"
#include "uplink-credentials.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_SERVER (uplink_server_get_type ())

G_DECLARE_FINAL_TYPE (UplinkServer, uplink_server, UPLINK, SERVER, GObject)

UplinkServer     *uplink_server_new                 (const char         *id,
                                                     GSettings          *app_settings,
                                                     UplinkCredentials  *credentials) G_GNUC_WARN_UNUSED_RESULT;
gboolean          uplink_server_id_is_valid         (const char         *id);
GSettings        *uplink_server_settings_new        (const char         *id) G_GNUC_WARN_UNUSED_RESULT;

const char       *uplink_server_get_id              (UplinkServer       *self);
GSettings        *uplink_server_get_settings        (UplinkServer       *self);
const char       *uplink_server_get_name            (UplinkServer       *self);
gboolean          uplink_server_get_enabled         (UplinkServer       *self);
void              uplink_server_set_enabled         (UplinkServer       *self,
                                                     gboolean            enabled);
UplinkConnection *uplink_server_get_connection      (UplinkServer       *self);
UplinkState       uplink_server_get_state           (UplinkServer       *self);
gboolean          uplink_server_get_paused          (UplinkServer       *self);
void              uplink_server_set_paused          (UplinkServer       *self,
                                                     gboolean            paused);
gboolean          uplink_server_get_watched         (UplinkServer       *self);
gboolean          uplink_server_get_removed         (UplinkServer       *self);
const GError     *uplink_server_get_credentials_error (UplinkServer     *self);

gboolean          uplink_server_set_url             (UplinkServer       *self,
                                                     const char         *url,
                                                     GError            **error);
void              uplink_server_set_password        (UplinkServer       *self,
                                                     const char         *password);
void              uplink_server_detach              (UplinkServer       *self);
void              uplink_server_forget              (UplinkServer       *self);

G_END_DECLS
