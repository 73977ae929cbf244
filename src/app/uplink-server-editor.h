/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <adwaita.h>

#include "uplink-servers-generated.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_SERVER_EDITOR (uplink_server_editor_get_type ())

G_DECLARE_FINAL_TYPE (UplinkServerEditor, uplink_server_editor, UPLINK, SERVER_EDITOR, GtkBox)

GtkWidget  *uplink_server_editor_new    (UplinkBusServers   *admin,
                                         const char         *id) G_GNUC_WARN_UNUSED_RESULT;
const char *uplink_server_editor_get_id (UplinkServerEditor *self);

G_END_DECLS
