/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void uplink_window_show_field_error (GtkWidget  *row,
                                     GtkLabel   *label,
                                     const char *message);
void uplink_window_show_dbus_error  (GtkWidget  *row,
                                     GtkLabel   *label,
                                     GError     *error);

G_END_DECLS
