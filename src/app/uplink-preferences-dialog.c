/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "uplink-preferences-dialog.h"
#include "uplink-app-utils.h"
#include "uplink-server-editor.h"

/*
 * Preferences, bound to GSettings: every change applies at once (the
 * application follows the settings). The servers are the exception: each
 * opens a subpage (UplinkServerEditor) whose name, address and password
 * go to the service over D-Bus when applied, so that half-typed text
 * never makes Uplink reconnect to nowhere and secrets never pass through
 * GSettings.
 *
 * The list follows the `servers` setting and each server's name and
 * stored address (which holds no secret).
 */

struct _UplinkPreferencesDialog
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;
  UplinkBusServers *admin;

  AdwPreferencesGroup *servers_group;
  GtkListBox *server_list;
  GtkSwitch *notify_disconnect_switch;
  GtkSwitch *notify_throttle_switch;
  GtkAdjustment *grace_adjustment;
  GtkAdjustment *keepalive_adjustment;
  GtkAdjustment *pong_timeout_adjustment;
  GtkAdjustment *backoff_max_adjustment;
  GtkSwitch *background_switch;
  GtkSwitch *run_at_login_switch;
};

G_DEFINE_FINAL_TYPE (UplinkPreferencesDialog, uplink_preferences_dialog, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_ADMIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_server_row (AdwActionRow *row)
{
  GSettings *settings = g_object_get_data (G_OBJECT (row), "settings");
  g_autofree char *name = g_settings_get_string (settings, "name");
  g_autofree char *url = g_settings_get_string (settings, "url");
  g_autofree char *redacted = uplink_redact_url (url);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  /* The stored address holds no secret; redacted all the same. */
  adw_action_row_set_subtitle (row, redacted != NULL ? redacted : url);
  if (!g_settings_get_boolean (settings, "enabled"))
    adw_action_row_set_subtitle (row, _("Not watched"));
}

static GtkWidget *
new_server_row (const char *id)
{
  GtkWidget *row = adw_action_row_new ();
  GSettings *settings = uplink_app_server_settings_new (id);

  /* Names and addresses are the user's text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "id", g_strdup (id), g_free);
  g_object_set_data_full (G_OBJECT (row), "settings", settings, g_object_unref);
  g_signal_connect_object (settings, "changed", G_CALLBACK (update_server_row), row, G_CONNECT_SWAPPED);
  update_server_row (ADW_ACTION_ROW (row));
  return row;
}

/* A row per server of the setting, in its order. */
static void
fill_server_list (UplinkPreferencesDialog *self)
{
  g_auto(GStrv) ids = g_settings_get_strv (self->settings, "servers");
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->server_list))) != NULL)
    gtk_list_box_remove (self->server_list, child);
  for (guint i = 0; ids[i] != NULL; i++)
    gtk_list_box_append (self->server_list, new_server_row (ids[i]));
  gtk_widget_set_visible (GTK_WIDGET (self->server_list), ids[0] != NULL);
}

static void
on_server_activated (UplinkPreferencesDialog *self,
                     GtkListBoxRow           *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "id");

  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self),
                                          uplink_server_editor_new (self->admin, id));
}

static void
on_add_clicked (UplinkPreferencesDialog *self)
{
  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self),
                                          uplink_server_editor_new (self->admin, NULL));
}

/* Said where passwords are typed, and above them. */
static void
update_keyring (UplinkPreferencesDialog *self)
{
  gboolean available = self->admin == NULL || uplink_bus_servers_get_keyring_available (self->admin);

  adw_preferences_group_set_description (self->servers_group,
                                         available ? NULL
                                                   : _("No keyring is available: the password is kept only until Uplink quits"));
}

static void
uplink_preferences_dialog_constructed (GObject *object)
{
  UplinkPreferencesDialog *self = UPLINK_PREFERENCES_DIALOG (object);

  G_OBJECT_CLASS (uplink_preferences_dialog_parent_class)->constructed (object);

  g_settings_bind (self->settings, "notify-on-disconnect",
                   self->notify_disconnect_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-on-throttle",
                   self->notify_throttle_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-grace-seconds",
                   self->grace_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "keepalive-interval",
                   self->keepalive_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "pong-timeout",
                   self->pong_timeout_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "backoff-max",
                   self->backoff_max_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "run-in-background",
                   self->background_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "run-at-login",
                   self->run_at_login_switch, "active", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->settings, "changed::servers",
                           G_CALLBACK (fill_server_list), self, G_CONNECT_SWAPPED);
  fill_server_list (self);
  update_keyring (self);
}

static void
uplink_preferences_dialog_dispose (GObject *object)
{
  UplinkPreferencesDialog *self = UPLINK_PREFERENCES_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UPLINK_TYPE_PREFERENCES_DIALOG);
  g_clear_object (&self->settings);
  g_clear_object (&self->admin);

  G_OBJECT_CLASS (uplink_preferences_dialog_parent_class)->dispose (object);
}

static void
uplink_preferences_dialog_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  UplinkPreferencesDialog *self = UPLINK_PREFERENCES_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_ADMIN:
      g_value_set_object (value, uplink_preferences_dialog_get_admin (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_preferences_dialog_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  UplinkPreferencesDialog *self = UPLINK_PREFERENCES_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_ADMIN:
      uplink_preferences_dialog_set_admin (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_preferences_dialog_class_init (UplinkPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = uplink_preferences_dialog_constructed;
  object_class->dispose = uplink_preferences_dialog_dispose;
  object_class->get_property = uplink_preferences_dialog_get_property;
  object_class->set_property = uplink_preferences_dialog_set_property;

  /**
   * UplinkPreferencesDialog:settings:
   *
   * The application's settings, which the rows edit.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkPreferencesDialog:admin:
   *
   * The service's io.github.uplink.Uplink.Servers, which takes the
   * servers' names, addresses and passwords; %NULL until reached.
   */
  properties[PROP_ADMIN] =
    g_param_spec_object ("admin", NULL, NULL,
                         UPLINK_BUS_TYPE_SERVERS,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_OBJECT_PATH "/uplink-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, servers_group);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, server_list);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, notify_disconnect_switch);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, notify_throttle_switch);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, grace_adjustment);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, keepalive_adjustment);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, pong_timeout_adjustment);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, backoff_max_adjustment);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, background_switch);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, run_at_login_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_server_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
}

static void
uplink_preferences_dialog_init (UplinkPreferencesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * uplink_preferences_dialog_new:
 * @settings: the application's settings
 * @admin: (nullable): the service's io.github.uplink.Uplink.Servers, or
 *   %NULL until it is reached
 *
 * Returns: (transfer full): the preferences
 */
GtkWidget *
uplink_preferences_dialog_new (GSettings        *settings,
                               UplinkBusServers *admin)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (admin == NULL || UPLINK_BUS_IS_SERVERS (admin), NULL);

  return g_object_new (UPLINK_TYPE_PREFERENCES_DIALOG, "settings", settings, "admin", admin, NULL);
}

UplinkBusServers *
uplink_preferences_dialog_get_admin (UplinkPreferencesDialog *self)
{
  g_return_val_if_fail (UPLINK_IS_PREFERENCES_DIALOG (self), NULL);

  return self->admin;
}

void
uplink_preferences_dialog_set_admin (UplinkPreferencesDialog *self,
                                     UplinkBusServers        *admin)
{
  g_return_if_fail (UPLINK_IS_PREFERENCES_DIALOG (self));
  g_return_if_fail (admin == NULL || UPLINK_BUS_IS_SERVERS (admin));

  if (self->admin == admin)
    return;

  if (self->admin != NULL)
    g_signal_handlers_disconnect_by_func (self->admin, update_keyring, self);
  g_set_object (&self->admin, admin);
  if (admin != NULL)
    g_signal_connect_object (admin, "notify::keyring-available", G_CALLBACK (update_keyring), self,
                             G_CONNECT_SWAPPED);
  update_keyring (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADMIN]);
}
