/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "uplink-welcome.h"
#include "uplink-window-utils.h"
#include "uplink-app-utils.h"

/*
 * The first run: no server yet. The address is checked where it is typed,
 * with the mistake said under the entry, so that a typo never turns into
 * a connection that fails for a reason the user cannot see.
 */

struct _UplinkWelcome
{
  AdwBin parent_instance;

  AdwEntryRow *url_row;
  GtkLabel *error_label;
  GtkButton *connect_button;
};

G_DEFINE_FINAL_TYPE (UplinkWelcome, uplink_welcome, ADW_TYPE_BIN)

enum {
  SIGNAL_URL_CHOSEN,
  SIGNAL_DEMO_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (UplinkWelcome *self,
            const char    *message)
{
  uplink_window_show_field_error (GTK_WIDGET (self->url_row), self->error_label, message);
}

static void
on_changed (UplinkWelcome *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->url_row));

  /* A fresh attempt at typing clears the old complaint. */
  show_error (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), *text != '\0');
}

/**
 * uplink_welcome_submit:
 * @self: the welcome page
 *
 * Checks the typed address, and either says what is wrong with it or
 * emits [signal@Welcome::url-chosen].
 *
 * Returns: %TRUE if the address was accepted
 */
gboolean
uplink_welcome_submit (UplinkWelcome *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (UPLINK_IS_WELCOME (self), FALSE);

  url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  if (!uplink_connection_check_url (url, &error))
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
      return FALSE;
    }

  g_signal_emit (self, signals[SIGNAL_URL_CHOSEN], 0, url);
  return TRUE;
}

static void
on_connect (UplinkWelcome *self)
{
  uplink_welcome_submit (self);
}

static void
on_demo (UplinkWelcome *self)
{
  g_signal_emit (self, signals[SIGNAL_DEMO_CHOSEN], 0);
}

static void
uplink_welcome_class_init (UplinkWelcomeClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * UplinkWelcome::url-chosen:
   * @self: the welcome page
   * @url: a ws:// or wss:// address, checked
   *
   * Emitted when the user chose a server to watch.
   */
  signals[SIGNAL_URL_CHOSEN] =
    g_signal_new ("url-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * UplinkWelcome::demo-chosen:
   * @self: the welcome page
   *
   * Emitted when the user wants to try the demo server.
   */
  signals[SIGNAL_DEMO_CHOSEN] =
    g_signal_new ("demo-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, APP_OBJECT_PATH "/uplink-welcome.ui");
  gtk_widget_class_bind_template_child (widget_class, UplinkWelcome, url_row);
  gtk_widget_class_bind_template_child (widget_class, UplinkWelcome, error_label);
  gtk_widget_class_bind_template_child (widget_class, UplinkWelcome, connect_button);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_connect);
  gtk_widget_class_bind_template_callback (widget_class, on_demo);
}

static void
uplink_welcome_init (UplinkWelcome *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
uplink_welcome_new (void)
{
  return g_object_new (UPLINK_TYPE_WELCOME, NULL);
}

/* For tests and for going back from a bad address in the settings. */
void
uplink_welcome_set_url (UplinkWelcome *self,
                        const char    *url)
{
  g_return_if_fail (UPLINK_IS_WELCOME (self));

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url != NULL ? url : "");
}

/**
 * uplink_welcome_show_dbus_error:
 * @self: the welcome page
 * @error: why the service did not take the address
 */
void
uplink_welcome_show_dbus_error (UplinkWelcome *self,
                                GError        *error)
{
  g_return_if_fail (UPLINK_IS_WELCOME (self));

  uplink_window_show_dbus_error (GTK_WIDGET (self->url_row), self->error_label, error);
}
