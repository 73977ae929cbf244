/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define UPLINK_TYPE_PREFERENCES_DIALOG (uplink_preferences_dialog_get_type ())

G_DECLARE_FINAL_TYPE (UplinkPreferencesDialog, uplink_preferences_dialog, UPLINK, PREFERENCES_DIALOG, AdwPreferencesWindow)

GtkWidget *uplink_preferences_dialog_new (GSettings *settings) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
