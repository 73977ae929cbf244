/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-window-utils.h"

/*
 * What the window's forms share: a problem with what was typed is said
 * under the field it concerns, which turns red, and clears once the
 * field is typed in again.
 */

/**
 * uplink_window_show_field_error:
 * @row: the field
 * @label: the label under it
 * @message: (nullable): what is wrong, or %NULL to clear it
 */
void
uplink_window_show_field_error (GtkWidget  *row,
                                GtkLabel   *label,
                                const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (row));
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

/**
 * uplink_window_show_dbus_error:
 * @row: the field
 * @label: the label under it
 * @error: the service's answer
 *
 * Says the service's error in its own words, without the D-Bus error
 * name it travelled with.
 */
void
uplink_window_show_dbus_error (GtkWidget *row,
                               GtkLabel  *label,
                               GError    *error)
{
  g_return_if_fail (error != NULL);

  g_dbus_error_strip_remote_error (error);
  uplink_window_show_field_error (row, label, error->message);
}
