/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <uplink.h>

#include "uplink-app-utils.h"
#include "uplink-server-editor.h"
#include "uplink-window-utils.h"

/*
 * One server in the Preferences, as a subpage: a new one (name, address,
 * password, then "Add Server"), or an existing one, whose name, address
 * and password apply each on its own.
 *
 * The name, the address and the password go to the service through
 * io.github.uplink.Uplink.Servers, which keeps secrets in the keyring and
 * answers a duplicate or empty name or a bad address with an error, said
 * under the field; what was typed stays. The settings without secrets
 * (profile, username, enabled, notifications) are bound to the server's
 * own GSettings. The address shown is the stored one, which holds no
 * secret; the password field starts empty and is emptied once applied.
 */

#define ERROR_EXISTS "io.github.uplink.Uplink.Error.Exists"
#define ERROR_INVALID "io.github.uplink.Uplink.Error.InvalidArgument"

struct _UplinkServerEditor
{
  GtkBox parent_instance;

  UplinkBusServers *admin;
  char *id;
  GSettings *settings;
  /* What the address row shows of the saved address. */
  char *shown_url;

  AdwWindowTitle *window_title;
  AdwEntryRow *name_row;
  GtkLabel *name_error_label;
  AdwEntryRow *url_row;
  GtkLabel *url_error_label;
  AdwEntryRow *password_row;
  GtkLabel *password_error_label;
  GtkLabel *keyring_label;
  GtkWidget *add_button;
  GtkWidget *login_group;
  GtkWidget *watch_group;
  GtkWidget *remove_button;
  AdwComboRow *profile_row;
  AdwEntryRow *username_row;
  GtkSwitch *enabled_switch;
  GtkSwitch *notify_disconnect_switch;
  GtkSwitch *notify_throttle_switch;
};

G_DEFINE_FINAL_TYPE (UplinkServerEditor, uplink_server_editor, GTK_TYPE_BOX)

static AdwPreferencesWindow *
get_preferences (UplinkServerEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return ADW_IS_PREFERENCES_WINDOW (root) ? ADW_PREFERENCES_WINDOW (root) : NULL;
}

static void
toast (UplinkServerEditor *self,
       const char         *message)
{
  AdwPreferencesWindow *preferences = get_preferences (self);

  if (preferences != NULL)
    adw_preferences_window_add_toast (preferences, adw_toast_new (message));
}

static void
close_editor (UplinkServerEditor *self)
{
  AdwPreferencesWindow *preferences = get_preferences (self);

  if (preferences != NULL)
    adw_preferences_window_close_subpage (preferences);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  close_editor (UPLINK_SERVER_EDITOR (widget));
}

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* Without the service there is nobody to hand the address to. */
static gboolean
check_reachable (UplinkServerEditor *self)
{
  if (self->admin != NULL)
    return TRUE;
  toast (self, _("Uplink cannot be reached: try again in a moment"));
  return FALSE;
}

/* The service's answer to a change: an error under its field, or done. */
static gboolean
finish_call (GObject      *source,
             GAsyncResult *result,
             AdwEntryRow  *row,
             GtkLabel     *label)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &error);
  if (reply == NULL)
    {
      uplink_window_show_dbus_error (GTK_WIDGET (row), label, error);
      return FALSE;
    }
  uplink_window_show_field_error (GTK_WIDGET (row), label, NULL);
  return TRUE;
}

static void
on_renamed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(UplinkServerEditor) self = user_data;

  finish_call (source, result, self->name_row, self->name_error_label);
}

static void
on_name_apply (UplinkServerEditor *self)
{
  if (check_reachable (self))
    uplink_bus_servers_call_rename_server (self->admin, self->id, row_text (self->name_row), NULL,
                                           on_renamed, g_object_ref (self));
}

static void
on_name_changed (UplinkServerEditor *self)
{
  uplink_window_show_field_error (GTK_WIDGET (self->name_row), self->name_error_label, NULL);
}

/* An address that cannot work is refused before it is sent. */
static gboolean
check_url (UplinkServerEditor *self,
           const char         *url)
{
  g_autoptr(GError) error = NULL;

  if (uplink_connection_check_url (url, &error))
    return TRUE;
  uplink_window_show_field_error (GTK_WIDGET (self->url_row), self->url_error_label, error->message);
  return FALSE;
}

static void
on_address_set (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(UplinkServerEditor) self = user_data;

  finish_call (source, result, self->url_row, self->url_error_label);
}

static void
on_url_apply (UplinkServerEditor *self)
{
  g_autofree char *url = g_strstrip (g_strdup (row_text (self->url_row)));

  /* The address as shown, secrets hidden: nothing was changed. */
  if (g_strcmp0 (url, self->shown_url) == 0 || !check_url (self, url) || !check_reachable (self))
    return;
  uplink_bus_servers_call_set_address (self->admin, self->id, url, NULL, on_address_set, g_object_ref (self));
}

static void
on_url_changed (UplinkServerEditor *self)
{
  uplink_window_show_field_error (GTK_WIDGET (self->url_row), self->url_error_label, NULL);
}

static void
on_password_set (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(UplinkServerEditor) self = user_data;

  if (!finish_call (source, result, self->password_row, self->password_error_label))
    return;
  /* Not kept on screen once the service has it. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  toast (self, _("Password saved"));
}

static void
on_password_apply (UplinkServerEditor *self)
{
  if (check_reachable (self))
    uplink_bus_servers_call_set_password (self->admin, self->id, row_text (self->password_row), NULL,
                                          on_password_set, g_object_ref (self));
}

static void
on_password_changed (UplinkServerEditor *self)
{
  uplink_window_show_field_error (GTK_WIDGET (self->password_row), self->password_error_label, NULL);
}

static void
on_added (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(UplinkServerEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_autofree char *remote = NULL;

  gtk_widget_set_sensitive (self->add_button, TRUE);
  if (uplink_bus_servers_call_add_server_finish (UPLINK_BUS_SERVERS (source), &id, result, &error))
    {
      toast (self, _("Server added"));
      close_editor (self);
      return;
    }

  /* The address was checked before it was sent: a refusal is about the
   * name (taken, or empty). */
  remote = g_dbus_error_get_remote_error (error);
  if (g_strcmp0 (remote, ERROR_EXISTS) == 0 || g_strcmp0 (remote, ERROR_INVALID) == 0)
    {
      uplink_window_show_dbus_error (GTK_WIDGET (self->name_row), self->name_error_label, error);
      return;
    }
  g_dbus_error_strip_remote_error (error);
  toast (self, error->message);
}

static void
on_add_clicked (UplinkServerEditor *self)
{
  g_autofree char *url = g_strstrip (g_strdup (row_text (self->url_row)));

  if (!check_url (self, url) || !check_reachable (self))
    return;
  gtk_widget_set_sensitive (self->add_button, FALSE);
  uplink_bus_servers_call_add_server (self->admin, row_text (self->name_row), url,
                                      row_text (self->password_row), NULL, on_added, g_object_ref (self));
}

static void
on_removed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(UplinkServerEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (uplink_bus_servers_call_remove_server_finish (UPLINK_BUS_SERVERS (source), result, &error))
    {
      close_editor (self);
      return;
    }
  g_dbus_error_strip_remote_error (error);
  toast (self, error->message);
}

static void
on_remove_response (UplinkServerEditor *self,
                    const char         *response)
{
  if (g_str_equal (response, "remove") && check_reachable (self))
    uplink_bus_servers_call_remove_server (self->admin, self->id, NULL, on_removed, g_object_ref (self));
}

/* Removing forgets the password too: asked first, as nothing brings it
 * back. */
static void
on_remove_clicked (UplinkServerEditor *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "name");
  g_autofree char *heading = g_strdup_printf (_("Remove “%s”?"), name);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
                                   _("Uplink stops watching this server and forgets its password."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_keyring (UplinkServerEditor *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->keyring_label),
                          self->admin != NULL && !uplink_bus_servers_get_keyring_available (self->admin));
}

static void
on_name_setting_changed (UplinkServerEditor *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "name");

  adw_window_title_set_title (self->window_title, name);
  if (!gtk_widget_has_css_class (GTK_WIDGET (self->name_row), "error"))
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
}

static void
on_url_setting_changed (UplinkServerEditor *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "url");
  g_autofree char *redacted = uplink_redact_url (url);

  /* The stored address holds no secret; redacted all the same, as a
   * screen can be shared or photographed. */
  g_free (self->shown_url);
  self->shown_url = g_strdup (redacted != NULL ? redacted : url);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), self->shown_url);
}

/* The rows of the server type follow the order of UplinkProfile. */
static gboolean
profile_to_row (GValue   *value,
                GVariant *variant,
                gpointer  user_data)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (UPLINK_TYPE_PROFILE);
  GEnumValue *profile = g_enum_get_value_by_nick (klass, g_variant_get_string (variant, NULL));

  g_value_set_uint (value, profile != NULL ? (guint) profile->value : 0);
  return TRUE;
}

static GVariant *
row_to_profile (const GValue       *value,
                const GVariantType *expected_type,
                gpointer            user_data)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (UPLINK_TYPE_PROFILE);
  GEnumValue *profile = g_enum_get_value (klass, (int) g_value_get_uint (value));

  return profile != NULL ? g_variant_new_string (profile->value_nick) : NULL;
}

/* A server of the list: each field applies on its own. */
static void
edit_server (UplinkServerEditor *self)
{
  self->settings = uplink_app_server_settings_new (self->id);
  adw_entry_row_set_show_apply_button (self->name_row, TRUE);
  adw_entry_row_set_show_apply_button (self->url_row, TRUE);
  adw_entry_row_set_show_apply_button (self->password_row, TRUE);

  g_settings_bind_with_mapping (self->settings, "profile", self->profile_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, profile_to_row, row_to_profile, NULL, NULL);
  g_settings_bind (self->settings, "username", self->username_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "enabled", self->enabled_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-on-disconnect", self->notify_disconnect_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-on-throttle", self->notify_throttle_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::name", G_CALLBACK (on_name_setting_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::url", G_CALLBACK (on_url_setting_changed), self,
                           G_CONNECT_SWAPPED);
  on_name_setting_changed (self);
  on_url_setting_changed (self);
}

/* A new server: the three fields, then "Add Server" (or Enter). */
static void
add_server (UplinkServerEditor *self)
{
  adw_window_title_set_title (self->window_title, _("New Server"));
  gtk_widget_set_visible (self->add_button, TRUE);
  gtk_widget_set_visible (self->login_group, FALSE);
  gtk_widget_set_visible (self->watch_group, FALSE);
  gtk_widget_set_visible (self->remove_button, FALSE);
  g_signal_connect_object (self->name_row, "entry-activated", G_CALLBACK (on_add_clicked), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->url_row, "entry-activated", G_CALLBACK (on_add_clicked), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->password_row, "entry-activated", G_CALLBACK (on_add_clicked), self,
                           G_CONNECT_SWAPPED);
}

static void
uplink_server_editor_dispose (GObject *object)
{
  UplinkServerEditor *self = UPLINK_SERVER_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UPLINK_TYPE_SERVER_EDITOR);
  g_clear_object (&self->admin);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (uplink_server_editor_parent_class)->dispose (object);
}

static void
uplink_server_editor_finalize (GObject *object)
{
  UplinkServerEditor *self = UPLINK_SERVER_EDITOR (object);

  g_free (self->id);
  g_free (self->shown_url);

  G_OBJECT_CLASS (uplink_server_editor_parent_class)->finalize (object);
}

static void
uplink_server_editor_class_init (UplinkServerEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = uplink_server_editor_dispose;
  object_class->finalize = uplink_server_editor_finalize;

  gtk_widget_class_install_action (widget_class, "editor.close", NULL, close_action);

  gtk_widget_class_set_template_from_resource (widget_class, APP_OBJECT_PATH "/uplink-server-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, UplinkServerEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, UplinkServerEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, UplinkServerEditor, name_error_label);
  gtk_widget_class_bind_template_child (widget_class, UplinkServerEditor, url_row);
  gtk_widget_class_bind_template_child (widget_class, UplinkServerEditor, url_error_label);
  gtk_widget_class_bind_template_child (widget_class, UplinkServerEditor, password_row);
  gtk_widget_class_bind_template_child (widget_class, UplinkServerEditor, password_error_label);
  gtk_widget_class_bind_template_child (widget_class, UplinkServerEditor, keyring_label);
  gtk_widget_class_bind_template_child (widget_class, UplinkServerEditor, add_button);
  gtk_widget_class_bind_template_child (widget_class, UplinkServerEditor, login_group);
  gtk_widget_class_bind_template_child (widget_class, UplinkServerEditor, watch_group);
  gtk_widget_class_bind_template_child (widget_class, UplinkServerEditor, remove_button);
  gtk_widget_class_bind_template_child (widget_class, UplinkServerEditor, profile_row);
  gtk_widget_class_bind_template_child (widget_class, UplinkServerEditor, username_row);
  gtk_widget_class_bind_template_child (widget_class, UplinkServerEditor, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, UplinkServerEditor, notify_disconnect_switch);
  gtk_widget_class_bind_template_child (widget_class, UplinkServerEditor, notify_throttle_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_name_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_url_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_url_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_password_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked);
}

static void
uplink_server_editor_init (UplinkServerEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * uplink_server_editor_new:
 * @admin: (nullable): the service's io.github.uplink.Uplink.Servers, or
 *   %NULL if it is not reached yet
 * @id: (nullable): the server to edit, or %NULL to add one
 *
 * Returns: (transfer full): the subpage
 */
GtkWidget *
uplink_server_editor_new (UplinkBusServers *admin,
                          const char       *id)
{
  UplinkServerEditor *self;

  g_return_val_if_fail (admin == NULL || UPLINK_BUS_IS_SERVERS (admin), NULL);

  self = g_object_new (UPLINK_TYPE_SERVER_EDITOR, NULL);
  self->admin = admin != NULL ? g_object_ref (admin) : NULL;
  self->id = g_strdup (id);
  if (admin != NULL)
    g_signal_connect_object (admin, "notify::keyring-available", G_CALLBACK (update_keyring), self,
                             G_CONNECT_SWAPPED);
  update_keyring (self);

  if (id != NULL)
    edit_server (self);
  else
    add_server (self);
  return GTK_WIDGET (self);
}

/**
 * uplink_server_editor_get_id:
 * @self: the editor
 *
 * Returns: (nullable): the server edited, or %NULL for a new one
 */
const char *
uplink_server_editor_get_id (UplinkServerEditor *self)
{
  g_return_val_if_fail (UPLINK_IS_SERVER_EDITOR (self), NULL);

  return self->id;
}
