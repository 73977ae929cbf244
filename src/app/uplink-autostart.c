/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "uplink-autostart.h"
#include "uplink-app-utils.h"
#include "uplink-background-portal.h"

/*
 * "Run at login": follows the `run-at-login` setting, from the start and
 * live.
 *
 * Outside Flatpak, the entry that data/autostart/ installs (in
 * share/uplink/autostart/) is copied to the user's autostart folder and
 * removed from there again. The copy carries X-Uplink-Run-At-Login, so
 * that a file of the same name that a user or another tool put there is
 * never overwritten or removed. The entry is read from the installed file,
 * never written from text kept here: one entry, translated once.
 *
 * Inside Flatpak, where the autostart folder is out of reach, the
 * Background portal writes the entry: RequestBackground with `autostart`,
 * answered by a Response signal on a Request object. When the portal says
 * no (the user refused), the setting goes back off and the `failed` signal
 * says so in words; so do errors, which never stop Uplink.
 */

#define ENTRY_NAME APP_ID ".desktop"
#define OURS_KEY "X-Uplink-Run-At-Login"

struct _UplinkAutostart
{
  GObject parent_instance;

  GSettings *settings;
  gboolean in_flatpak;

  /* What was last acted on, so that a setting that did not change (or was
   * turned back off here) does nothing. */
  gboolean applied;
  gboolean wanted;

  /* The portal request in flight, inside Flatpak. */
  GDBusConnection *bus;
  GCancellable *cancellable;
  gboolean requested_autostart;
};

G_DEFINE_FINAL_TYPE (UplinkAutostart, uplink_autostart, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
report (UplinkAutostart *self,
        const char      *message)
{
  g_message ("%s", message);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, message);
}

/* --- Outside Flatpak: the autostart folder ---------------------------- */

static char *
get_user_entry (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", ENTRY_NAME, NULL);
}

/* The installed entry: in the data folders of the session (XDG_DATA_DIRS),
 * then where this build installs it, for a prefix outside them. */
static char *
find_installed_entry (void)
{
  const char * const *dirs = g_get_system_data_dirs ();
  g_autofree char *path = NULL;

  for (gsize i = 0; dirs[i] != NULL; i++)
    {
      path = g_build_filename (dirs[i], "uplink", "autostart", ENTRY_NAME, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
      g_clear_pointer (&path, g_free);
    }

  path = g_build_filename (PKGDATADIR, "autostart", ENTRY_NAME, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);

  return NULL;
}

static gboolean
is_ours (const char *path)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();

  return g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, NULL) &&
         g_key_file_get_boolean (keyfile, G_KEY_FILE_DESKTOP_GROUP, OURS_KEY, NULL);
}

static void
install_entry (UplinkAutostart *self)
{
  g_autofree char *target = get_user_entry ();
  g_autofree char *source = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *current = NULL;
  g_autoptr(GError) error = NULL;
  gsize length, current_length;

  if (g_file_test (target, G_FILE_TEST_EXISTS))
    {
      if (!is_ours (target))
        {
          g_message ("%s is not Uplink's own: it is left as it is", target);
          return;
        }
    }

  source = find_installed_entry ();
  if (source == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is a file name */
      message = g_strdup_printf (_("Uplink cannot start at login: its autostart entry %s is not installed"),
                                 "uplink/autostart/" ENTRY_NAME);
      report (self, message);
      g_message ("Looked in XDG_DATA_DIRS and in %s", PKGDATADIR);
      return;
    }

  if (!g_file_get_contents (source, &contents, &length, &error))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Uplink cannot start at login: %s"), error->message);
      report (self, message);
      return;
    }

  /* Already there as it should be: nothing to write. */
  if (g_file_get_contents (target, &current, &current_length, NULL) &&
      current_length == length && memcmp (current, contents, length) == 0)
    return;

  folder = g_path_get_dirname (target);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *message = NULL;

      /* Translators: the first %s is a folder, the second why it failed */
      message = g_strdup_printf (_("Uplink cannot start at login: cannot create %s: %s"),
                                 folder, g_strerror (saved_errno));
      report (self, message);
      return;
    }

  if (!g_file_set_contents_full (target, contents, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0644, &error))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Uplink cannot start at login: %s"), error->message);
      report (self, message);
      return;
    }

  g_debug ("Copied %s to %s", source, target);
}

static void
remove_entry (UplinkAutostart *self)
{
  g_autofree char *target = get_user_entry ();

  if (!g_file_test (target, G_FILE_TEST_EXISTS))
    return;

  if (!is_ours (target))
    {
      g_message ("%s is not Uplink's own: it is left as it is", target);
      return;
    }

  if (g_unlink (target) != 0)
    {
      int saved_errno = errno;
      g_autofree char *message = NULL;

      /* Translators: the first %s is a file, the second why it failed */
      message = g_strdup_printf (_("Uplink still starts at login: cannot remove %s: %s"),
                                 target, g_strerror (saved_errno));
      report (self, message);
      return;
    }

  g_debug ("Removed %s", target);
}

/* --- Inside Flatpak: the Background portal ---------------------------- */

static void
forget_request (UplinkAutostart *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
on_background_answered (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  UplinkAutostart *self;
  g_autoptr(GError) error = NULL;
  gboolean autostart = FALSE;

  if (!uplink_background_portal_request_finish (result, &autostart, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  g_clear_object (&self->cancellable);
  if (error != NULL)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Uplink cannot ask to start at login: %s"), error->message);
      report (self, message);
      return;
    }

  if (!self->requested_autostart || autostart)
    return;

  /* Refused, or granted without autostart: the setting must not say
   * otherwise. */
  self->wanted = FALSE;
  g_settings_set_boolean (self->settings, "run-at-login", FALSE);
  report (self, _("Uplink may not start at login: the request was refused"));
}

static void
request_background (UplinkAutostart *self,
                    gboolean         autostart)
{
  g_autoptr(GError) error = NULL;

  forget_request (self);

  if (self->bus == NULL)
    {
      self->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
      if (self->bus == NULL)
        {
          g_autofree char *message = NULL;

          message = g_strdup_printf (_("Uplink cannot ask to start at login: %s"), error->message);
          report (self, message);
          return;
        }
    }

  self->requested_autostart = autostart;
  self->cancellable = g_cancellable_new ();
  uplink_background_portal_request_async (self->bus, autostart, self->cancellable,
                                          on_background_answered, self);
}

/* --- Following the setting -------------------------------------------- */

static void
apply (UplinkAutostart *self,
       gboolean         wanted)
{
  self->applied = TRUE;
  self->wanted = wanted;

  if (self->in_flatpak)
    request_background (self, wanted);
  else if (wanted)
    install_entry (self);
  else
    remove_entry (self);
}

static void
on_run_at_login_changed (UplinkAutostart *self)
{
  gboolean wanted = g_settings_get_boolean (self->settings, "run-at-login");

  if (self->applied && wanted == self->wanted)
    return;

  apply (self, wanted);
}

static void
uplink_autostart_constructed (GObject *object)
{
  UplinkAutostart *self = UPLINK_AUTOSTART (object);

  G_OBJECT_CLASS (uplink_autostart_parent_class)->constructed (object);

  g_signal_connect_object (self->settings, "changed::run-at-login",
                           G_CALLBACK (on_run_at_login_changed), self, G_CONNECT_SWAPPED);

  /* At start, only an "on" is acted on: it renews the copy after an
   * upgrade, or the portal's entry. An "off" is undone when it changes:
   * asking the portal to turn off what was never on would bother the
   * user, and a test run with settings in memory must not remove the
   * real autostart entry of whoever runs it. */
  if (!g_settings_get_boolean (self->settings, "run-at-login"))
    {
      self->applied = TRUE;
      self->wanted = FALSE;
      return;
    }

  on_run_at_login_changed (self);
}

static void
uplink_autostart_dispose (GObject *object)
{
  UplinkAutostart *self = UPLINK_AUTOSTART (object);

  forget_request (self);
  g_clear_object (&self->bus);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (uplink_autostart_parent_class)->dispose (object);
}

static void
uplink_autostart_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  UplinkAutostart *self = UPLINK_AUTOSTART (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, uplink_autostart_get_settings (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_autostart_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  UplinkAutostart *self = UPLINK_AUTOSTART (object);

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
uplink_autostart_class_init (UplinkAutostartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = uplink_autostart_constructed;
  object_class->dispose = uplink_autostart_dispose;
  object_class->get_property = uplink_autostart_get_property;
  object_class->set_property = uplink_autostart_set_property;

  /**
   * UplinkAutostart:settings:
   *
   * The application's settings, whose `run-at-login` is followed.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * UplinkAutostart::failed:
   * @self: the autostart
   * @message: what went wrong, in a sentence for the user
   *
   * Emitted when "Run at login" could not be done or undone, or was
   * refused (the setting is then off again). It has been logged already;
   * a window the user is looking at may show @message.
   */
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
uplink_autostart_init (UplinkAutostart *self)
{
  self->in_flatpak = uplink_app_in_flatpak ();
}

/**
 * uplink_autostart_new:
 * @settings: the application's settings
 *
 * Makes "Run at login" follow @settings' `run-at-login`, starting now.
 *
 * Returns: (transfer full): the autostart
 */
UplinkAutostart *
uplink_autostart_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (UPLINK_TYPE_AUTOSTART, "settings", settings, NULL);
}

/**
 * uplink_autostart_get_settings:
 * @self: the autostart
 *
 * Returns: (transfer none): the settings followed
 */
GSettings *
uplink_autostart_get_settings (UplinkAutostart *self)
{
  g_return_val_if_fail (UPLINK_IS_AUTOSTART (self), NULL);

  return self->settings;
}
