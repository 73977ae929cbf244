/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "uplink-gtk-private.h"

#define RESOURCE_PATH "/io/github/uplink/UplinkGtk"

/*
 * The widgets bring their own icons and style sheet, so that an embedding
 * application needs nothing from the icon theme. The style sheet goes in
 * at theme priority: an application's own CSS still wins.
 */
void
uplink_gtk_ensure_style (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  if (g_object_get_data (G_OBJECT (display), "uplink-gtk-style") != NULL)
    return;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    RESOURCE_PATH "/icons");

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_THEME);
  g_object_set_data (G_OBJECT (display), "uplink-gtk-style", GINT_TO_POINTER (TRUE));
}

/* The widget library's icon for @look: "uplink-paused-symbolic". */
const char *
uplink_gtk_look_icon_name (UplinkLook look)
{
  g_autofree char *name = g_strdup_printf ("uplink-%s-symbolic", uplink_look_to_string (look));

  return g_intern_string (name);
}

/* How long the connection has been in its state, in words: "3 minutes". */
char *
uplink_gtk_describe_time_in_state (UplinkStatusSource *source)
{
  gint64 since;

  /* "0 seconds" says nothing. */
  if (!uplink_history_get_latest (uplink_status_source_get_history (source), NULL, &since, NULL) ||
      g_get_monotonic_time () - since < G_USEC_PER_SEC)
    return NULL;

  return uplink_describe_duration (g_get_monotonic_time () - since);
}
