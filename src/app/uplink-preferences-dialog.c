/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "uplink-preferences-dialog.h"
#include "uplink-app-utils.h"

/*
 * Preferences, bound to GSettings: every change applies at once (the
 * application follows the settings). The address is the exception: it is
 * only stored when applied and valid, so that half-typed text never makes
 * Uplink reconnect to nowhere.
 */

struct _UplinkPreferencesDialog
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;
  /* What the address row shows of the saved address. */
  char *shown_url;

  AdwEntryRow *url_row;
  GtkLabel *url_error_label;
  GtkSwitch *notify_disconnect_switch;
  GtkSwitch *notify_throttle_switch;
  GtkAdjustment *grace_adjustment;
  AdwComboRow *profile_row;
  AdwEntryRow *username_row;
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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What is wrong with the address, under it; %NULL clears it. */
static void
show_url_error (UplinkPreferencesDialog *self,
                const char              *message)
{
  gtk_label_set_text (self->url_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->url_error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
}

static void
on_url_apply (UplinkPreferencesDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  /* The address as shown, secrets hidden: nothing was changed. */
  if (g_strcmp0 (url, self->shown_url) == 0)
    return;
  if (!uplink_connection_check_url (url, &error))
    {
      show_url_error (self, error->message);
      return;
    }

  show_url_error (self, NULL);
  g_settings_set_string (self->settings, "url", url);
}

static void
on_url_changed (UplinkPreferencesDialog *self)
{
  show_url_error (self, NULL);
}

static void
on_url_setting_changed (UplinkPreferencesDialog *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "url");
  g_autofree char *redacted = uplink_redact_url (url);

  /* Shown with its password and token hidden, since a screen can be
   * shared or photographed; a new address is typed in full. */
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

static void
uplink_preferences_dialog_constructed (GObject *object)
{
  UplinkPreferencesDialog *self = UPLINK_PREFERENCES_DIALOG (object);

  G_OBJECT_CLASS (uplink_preferences_dialog_parent_class)->constructed (object);

  g_settings_bind_with_mapping (self->settings, "profile",
                                self->profile_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                profile_to_row, row_to_profile, NULL, NULL);
  g_settings_bind (self->settings, "username",
                   self->username_row, "text", G_SETTINGS_BIND_DEFAULT);
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

  g_signal_connect_object (self->settings, "changed::url",
                           G_CALLBACK (on_url_setting_changed), self, G_CONNECT_SWAPPED);
  on_url_setting_changed (self);
}

static void
uplink_preferences_dialog_dispose (GObject *object)
{
  UplinkPreferencesDialog *self = UPLINK_PREFERENCES_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UPLINK_TYPE_PREFERENCES_DIALOG);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->shown_url, g_free);

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

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_OBJECT_PATH "/uplink-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, url_error_label);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, notify_disconnect_switch);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, notify_throttle_switch);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, grace_adjustment);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, profile_row);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, keepalive_adjustment);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, pong_timeout_adjustment);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, backoff_max_adjustment);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, background_switch);
  gtk_widget_class_bind_template_child (widget_class, UplinkPreferencesDialog, run_at_login_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_url_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_url_changed);
}

static void
uplink_preferences_dialog_init (UplinkPreferencesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
uplink_preferences_dialog_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (UPLINK_TYPE_PREFERENCES_DIALOG, "settings", settings, NULL);
}
