/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define UPLINK_TYPE_WELCOME (uplink_welcome_get_type ())

G_DECLARE_FINAL_TYPE (UplinkWelcome, uplink_welcome, UPLINK, WELCOME, AdwBin)

GtkWidget *uplink_welcome_new       (void) G_GNUC_WARN_UNUSED_RESULT;
void       uplink_welcome_set_url   (UplinkWelcome *self,
                                     const char    *url);
gboolean   uplink_welcome_submit    (UplinkWelcome *self);
void       uplink_welcome_show_dbus_error (UplinkWelcome *self,
                                           GError        *error);

G_END_DECLS
