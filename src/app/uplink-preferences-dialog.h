/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <adwaita.h>

#include "uplink-servers-generated.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_PREFERENCES_DIALOG (uplink_preferences_dialog_get_type ())

G_DECLARE_FINAL_TYPE (UplinkPreferencesDialog, uplink_preferences_dialog, UPLINK, PREFERENCES_DIALOG, AdwPreferencesWindow)

GtkWidget        *uplink_preferences_dialog_new       (GSettings               *settings,
                                                      UplinkBusServers        *admin) G_GNUC_WARN_UNUSED_RESULT;
UplinkBusServers *uplink_preferences_dialog_get_admin (UplinkPreferencesDialog *self);
void              uplink_preferences_dialog_set_admin (UplinkPreferencesDialog *self,
                                                      UplinkBusServers        *admin);

G_END_DECLS
