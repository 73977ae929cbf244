/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "uplink-server.h"
#include "uplink-url-secrets.h"

/*
 * One watched server: its settings (relocatable schema
 * io.github.uplink.Uplink.Server at /io/github/uplink/Uplink/servers/ID/),
 * its secrets from the keyring, and its connection while it is watched.
 *
 * The connection exists while the server is enabled, has an address and
 * its secrets are known; a new address (or new secrets) means a new
 * connection, as the URL of a connection is fixed. Until the keyring has
 * answered, the server counts as connecting: a locked keyring waits for
 * the user, never blocks anything.
 *
 * Pausing is the user's, for this run: it stops the connection, which
 * then counts in no aggregate.
 */

#define ID_MAX_LENGTH 32

struct _UplinkServer
{
  GObject parent_instance;

  char *id;
  GSettings *settings;
  GSettings *app_settings;
  UplinkCredentials *credentials;
  UplinkConnection *connection;
  char *name;
  /* The address last read from the settings. */
  char *url;

  /* From the keyring: the address as pasted, and the login's password. */
  char *secret_url;
  char *password;
  guint pending_lookups;
  /* Addresses waiting for the keyring to keep their secrets. */
  guint pending_stores;
  /* Passwords given and on their way to the keyring. */
  guint pending_password_stores;
  /* Whether the password here is newer than what the lookup under way
   * will answer: given while, or just before, the keyring was asked. */
  gboolean password_newer;
  GCancellable *cancellable;
  GError *credentials_error;

  UplinkState state;
  gboolean paused;
  gboolean removed;
};

G_DEFINE_FINAL_TYPE (UplinkServer, uplink_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_APP_SETTINGS,
  PROP_CREDENTIALS,
  PROP_NAME,
  PROP_ENABLED,
  PROP_CONNECTION,
  PROP_STATE,
  PROP_PAUSED,
  PROP_REMOVED,
  PROP_CREDENTIALS_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * uplink_server_id_is_valid:
 * @id: a server id, as listed in the settings
 *
 * Ids name a settings path and a D-Bus object path, so they are 1 to 32
 * ASCII letters, digits or underscores.
 *
 * Returns: %TRUE if @id can be a server's id
 */
gboolean
uplink_server_id_is_valid (const char *id)
{
  gsize length = 0;

  g_return_val_if_fail (id != NULL, FALSE);

  for (; id[length] != '\0'; length++)
    if (!g_ascii_isalnum (id[length]) && id[length] != '_')
      return FALSE;

  return length > 0 && length <= ID_MAX_LENGTH;
}

/**
 * uplink_server_settings_new:
 * @id: a valid server id
 *
 * Returns: (transfer full): the settings of the server with that id, at
 *   /io/github/uplink/Uplink/servers/ID/
 */
GSettings *
uplink_server_settings_new (const char *id)
{
  g_return_val_if_fail (uplink_server_id_is_valid (id), NULL);

  return uplink_app_server_settings_new (id);
}

static gboolean
has_url (UplinkServer *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "url");

  return *url != '\0';
}

static UplinkState
compute_state (UplinkServer *self)
{
  if (self->connection != NULL)
    return uplink_connection_get_state (self->connection);
  /* Waiting for the keyring before the first attempt. */
  if (uplink_server_get_watched (self) &&
      ((self->pending_lookups > 0 && has_url (self)) || self->pending_stores > 0))
    return UPLINK_STATE_CONNECTING;
  return UPLINK_STATE_DISCONNECTED;
}

static void
update_state (UplinkServer *self)
{
  UplinkState state = compute_state (self);

  if (state == self->state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
backoff_seconds_to_ms (GValue   *value,
                       GVariant *variant,
                       gpointer  user_data)
{
  g_value_set_uint (value, g_variant_get_uint32 (variant) * 1000);
  return TRUE;
}

static void
drop_connection (UplinkServer *self)
{
  g_autoptr(UplinkConnection) old = g_steal_pointer (&self->connection);

  if (old == NULL)
    return;

  g_signal_handlers_disconnect_by_data (old, self);
  g_settings_unbind (old, "keepalive-interval");
  g_settings_unbind (old, "pong-timeout");
  g_settings_unbind (old, "backoff-max");
  g_settings_unbind (old, "profile");
  g_settings_unbind (old, "username");
  uplink_connection_stop (old);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

/* Paused or resumed from elsewhere (D-Bus Pause on the server's object). */
static void
on_running_changed (UplinkServer *self)
{
  gboolean paused = !uplink_connection_get_running (self->connection);

  if (paused == self->paused)
    return;

  self->paused = paused;
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

static void
create_connection (UplinkServer *self,
                   const char   *url)
{
  self->connection = uplink_connection_new (url);
  g_settings_bind (self->app_settings, "keepalive-interval",
                   self->connection, "keepalive-interval", G_SETTINGS_BIND_GET);
  g_settings_bind (self->app_settings, "pong-timeout",
                   self->connection, "pong-timeout", G_SETTINGS_BIND_GET);
  g_settings_bind_with_mapping (self->app_settings, "backoff-max",
                                self->connection, "backoff-max", G_SETTINGS_BIND_GET,
                                backoff_seconds_to_ms, NULL, NULL, NULL);
  g_settings_bind (self->settings, "profile", self->connection, "profile", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "username", self->connection, "username", G_SETTINGS_BIND_GET);
  uplink_connection_set_password (self->connection, self->password);
  g_signal_connect_object (self->connection, "notify::state",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connection, "notify::running",
                           G_CALLBACK (on_running_changed), self, G_CONNECT_SWAPPED);
  /* An invalid address ends here as an INVALID_URL error, which is shown
   * where the state is. */
  if (!self->paused)
    uplink_connection_start (self->connection);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

/* The connection this server should have now: none, the one it has, or
 * a new one for a new address. */
static void
update_connection (UplinkServer *self)
{
  g_autofree char *stored = NULL;
  g_autofree char *url = NULL;

  if (self->removed || self->pending_lookups > 0 || !has_url (self) ||
      !g_settings_get_boolean (self->settings, "enabled"))
    {
      drop_connection (self);
      update_state (self);
      return;
    }

  stored = g_settings_get_string (self->settings, "url");
  url = uplink_url_join_secrets (stored, self->secret_url);
  if (self->connection == NULL || !g_str_equal (uplink_connection_get_url (self->connection), url))
    {
      drop_connection (self);
      create_connection (self, url);
    }
  uplink_url_forget_secret (&url);
  update_state (self);
}

static void
set_credentials_error (UplinkServer *self,
                       GError       *error)
{
  g_clear_error (&self->credentials_error);
  self->credentials_error = error;
  if (error != NULL)
    g_message ("%s: %s", self->name, error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDENTIALS_ERROR]);
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data,
              char        **field)
{
  g_autoptr(UplinkServer) self = user_data;
  g_autoptr(GError) error = NULL;
  char *secret = uplink_credentials_lookup_finish (UPLINK_CREDENTIALS (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A keyring that could not be read leaves the server without its
   * secrets: it connects, and its refusal is shown with this error. */
  if (error != NULL)
    set_credentials_error (self, g_steal_pointer (&error));

  uplink_url_forget_secret (field);
  *field = secret;
  self->pending_lookups--;
  if (self->pending_lookups == 0)
    update_connection (self);
}

static void
on_password_looked_up (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  UplinkServer *self = user_data;
  char *older = NULL;

  /* A server added with its password at once, say. */
  if (!self->password_newer)
    {
      on_looked_up (source, result, user_data, &self->password);
      return;
    }
  on_looked_up (source, result, user_data, &older);
  uplink_url_forget_secret (&older);
}

static void
on_url_looked_up (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  UplinkServer *self = user_data;

  on_looked_up (source, result, user_data, &self->secret_url);
}

/* Reads the secrets again (another process may have stored new ones),
 * then connects. */
static void
look_up_secrets (UplinkServer *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->pending_lookups = 2;
  self->password_newer = self->pending_password_stores > 0;
  update_connection (self);

  uplink_credentials_lookup_async (self->credentials, self->id, UPLINK_CREDENTIAL_PASSWORD,
                                   self->cancellable, on_password_looked_up, g_object_ref (self));
  uplink_credentials_lookup_async (self->credentials, self->id, UPLINK_CREDENTIAL_URL,
                                   self->cancellable, on_url_looked_up, g_object_ref (self));
}

/* A new address (not a repeated notice of the same one) means new
 * secrets, maybe, and a new connection. */
static void
on_url_changed (UplinkServer *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "url");

  if (g_strcmp0 (url, self->url) == 0)
    return;

  g_free (self->url);
  self->url = g_steal_pointer (&url);
  look_up_secrets (self);
}

static void
update_name (UplinkServer *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "name");

  g_strstrip (name);
  g_free (self->name);
  /* Listed with no settings of its own (or an emptied name): shown by
   * its id rather than as a blank. */
  if (*name == '\0')
    self->name = g_strdup_printf (_("Server %s"), self->id);
  else
    self->name = g_steal_pointer (&name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

static void
on_enabled_changed (UplinkServer *self)
{
  update_connection (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

static void
uplink_server_constructed (GObject *object)
{
  UplinkServer *self = UPLINK_SERVER (object);

  G_OBJECT_CLASS (uplink_server_parent_class)->constructed (object);

  self->settings = uplink_server_settings_new (self->id);
  g_signal_connect_object (self->settings, "changed::name",
                           G_CALLBACK (update_name), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::url",
                           G_CALLBACK (on_url_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::enabled",
                           G_CALLBACK (on_enabled_changed), self, G_CONNECT_SWAPPED);
  update_name (self);
  on_url_changed (self);
}

static void
uplink_server_dispose (GObject *object)
{
  UplinkServer *self = UPLINK_SERVER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_connection (self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->app_settings);
  g_clear_object (&self->credentials);

  G_OBJECT_CLASS (uplink_server_parent_class)->dispose (object);
}

static void
uplink_server_finalize (GObject *object)
{
  UplinkServer *self = UPLINK_SERVER (object);

  uplink_url_forget_secret (&self->secret_url);
  uplink_url_forget_secret (&self->password);
  g_clear_error (&self->credentials_error);
  g_free (self->url);
  g_free (self->name);
  g_free (self->id);

  G_OBJECT_CLASS (uplink_server_parent_class)->finalize (object);
}

static void
uplink_server_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  UplinkServer *self = UPLINK_SERVER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, uplink_server_get_id (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, uplink_server_get_name (self));
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, uplink_server_get_enabled (self));
      break;
    case PROP_CONNECTION:
      g_value_set_object (value, uplink_server_get_connection (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, uplink_server_get_state (self));
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, uplink_server_get_paused (self));
      break;
    case PROP_REMOVED:
      g_value_set_boolean (value, uplink_server_get_removed (self));
      break;
    case PROP_CREDENTIALS_ERROR:
      g_value_set_boxed (value, uplink_server_get_credentials_error (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_server_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  UplinkServer *self = UPLINK_SERVER (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_APP_SETTINGS:
      self->app_settings = g_value_dup_object (value);
      break;
    case PROP_CREDENTIALS:
      self->credentials = g_value_dup_object (value);
      break;
    case PROP_ENABLED:
      uplink_server_set_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_PAUSED:
      uplink_server_set_paused (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_server_class_init (UplinkServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = uplink_server_constructed;
  object_class->dispose = uplink_server_dispose;
  object_class->finalize = uplink_server_finalize;
  object_class->get_property = uplink_server_get_property;
  object_class->set_property = uplink_server_set_property;

  /**
   * UplinkServer:id:
   *
   * The server's id, as listed in the `servers` setting.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkServer:app-settings:
   *
   * The application's settings, for what all servers share (keepalive,
   * back-off).
   */
  properties[PROP_APP_SETTINGS] =
    g_param_spec_object ("app-settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkServer:credentials:
   *
   * Where the server's secrets are kept.
   */
  properties[PROP_CREDENTIALS] =
    g_param_spec_object ("credentials", NULL, NULL, UPLINK_TYPE_CREDENTIALS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkServer:name:
   *
   * The name the server is shown under.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkServer:enabled:
   *
   * Whether the server is watched (the `enabled` setting).
   */
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkServer:connection:
   *
   * The connection to the server, while it is watched.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, UPLINK_TYPE_CONNECTION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkServer:state:
   *
   * The connection's state; connecting while the keyring is asked,
   * disconnected with no connection.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, UPLINK_TYPE_STATE, UPLINK_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkServer:paused:
   *
   * Whether the user paused watching this server, for this run.
   */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkServer:removed:
   *
   * Whether the server was removed: it has no connection any more, and
   * whatever still shows it should let it go.
   */
  properties[PROP_REMOVED] =
    g_param_spec_boolean ("removed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkServer:credentials-error:
   *
   * Why the keyring could not keep or give the server's secrets, or
   * %NULL.
   */
  properties[PROP_CREDENTIALS_ERROR] =
    g_param_spec_boxed ("credentials-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
uplink_server_init (UplinkServer *self)
{
  self->state = UPLINK_STATE_DISCONNECTED;
}

/**
 * uplink_server_new:
 * @id: a valid server id
 * @app_settings: the application's settings
 * @credentials: where the secrets are kept
 *
 * Returns: (transfer full): the server with that id, watched if its
 *   settings say so
 */
UplinkServer *
uplink_server_new (const char        *id,
                   GSettings         *app_settings,
                   UplinkCredentials *credentials)
{
  g_return_val_if_fail (uplink_server_id_is_valid (id), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (app_settings), NULL);
  g_return_val_if_fail (UPLINK_IS_CREDENTIALS (credentials), NULL);

  return g_object_new (UPLINK_TYPE_SERVER,
                       "id", id,
                       "app-settings", app_settings,
                       "credentials", credentials,
                       NULL);
}

const char *
uplink_server_get_id (UplinkServer *self)
{
  g_return_val_if_fail (UPLINK_IS_SERVER (self), NULL);

  return self->id;
}

/**
 * uplink_server_get_settings:
 * @self: the server
 *
 * Returns: (transfer none): the server's settings
 */
GSettings *
uplink_server_get_settings (UplinkServer *self)
{
  g_return_val_if_fail (UPLINK_IS_SERVER (self), NULL);

  return self->settings;
}

const char *
uplink_server_get_name (UplinkServer *self)
{
  g_return_val_if_fail (UPLINK_IS_SERVER (self), NULL);

  return self->name;
}

gboolean
uplink_server_get_enabled (UplinkServer *self)
{
  g_return_val_if_fail (UPLINK_IS_SERVER (self), FALSE);

  return g_settings_get_boolean (self->settings, "enabled");
}

/**
 * uplink_server_set_enabled:
 * @self: the server
 * @enabled: whether to watch it
 *
 * Starts or stops watching the server, from now on and at the next start.
 */
void
uplink_server_set_enabled (UplinkServer *self,
                           gboolean      enabled)
{
  g_return_if_fail (UPLINK_IS_SERVER (self));

  if (!self->removed)
    g_settings_set_boolean (self->settings, "enabled", enabled);
}

/**
 * uplink_server_get_connection:
 * @self: the server
 *
 * Returns: (transfer none) (nullable): the connection, while watched
 */
UplinkConnection *
uplink_server_get_connection (UplinkServer *self)
{
  g_return_val_if_fail (UPLINK_IS_SERVER (self), NULL);

  return self->connection;
}

UplinkState
uplink_server_get_state (UplinkServer *self)
{
  g_return_val_if_fail (UPLINK_IS_SERVER (self), UPLINK_STATE_DISCONNECTED);

  return self->state;
}

gboolean
uplink_server_get_paused (UplinkServer *self)
{
  g_return_val_if_fail (UPLINK_IS_SERVER (self), FALSE);

  return self->paused;
}

/**
 * uplink_server_set_paused:
 * @self: the server
 * @paused: whether to stop watching for now
 *
 * Pauses (or resumes) watching the server until Uplink quits; the
 * setting `enabled` stays as it is.
 */
void
uplink_server_set_paused (UplinkServer *self,
                          gboolean      paused)
{
  g_return_if_fail (UPLINK_IS_SERVER (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  self->paused = paused;
  if (self->connection != NULL && paused)
    uplink_connection_stop (self->connection);
  else if (self->connection != NULL)
    uplink_connection_start (self->connection);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

/**
 * uplink_server_get_watched:
 * @self: the server
 *
 * Returns: whether the server's state counts: enabled, not paused, not
 *   removed
 */
gboolean
uplink_server_get_watched (UplinkServer *self)
{
  g_return_val_if_fail (UPLINK_IS_SERVER (self), FALSE);

  return !self->removed && !self->paused && uplink_server_get_enabled (self);
}

gboolean
uplink_server_get_removed (UplinkServer *self)
{
  g_return_val_if_fail (UPLINK_IS_SERVER (self), FALSE);

  return self->removed;
}

/**
 * uplink_server_get_credentials_error:
 * @self: the server
 *
 * Returns: (transfer none) (nullable): why the keyring did not keep or
 *   give the server's secrets
 */
const GError *
uplink_server_get_credentials_error (UplinkServer *self)
{
  g_return_val_if_fail (UPLINK_IS_SERVER (self), NULL);

  return self->credentials_error;
}

static char *
dup_label (UplinkServer         *self,
           UplinkCredentialKind  kind)
{
  /* TRANSLATORS: how the keyring lists a server's secret; %s is its name */
  if (kind == UPLINK_CREDENTIAL_URL)
    return g_strdup_printf (_("Uplink: address of “%s”"), self->name);
  /* TRANSLATORS: how the keyring lists a server's secret; %s is its name */
  return g_strdup_printf (_("Uplink: password for “%s”"), self->name);
}

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!uplink_credentials_clear_finish (UPLINK_CREDENTIALS (source), result, &error))
    g_message ("The keyring kept a removed server’s secrets: %s", error->message);
}

typedef struct {
  UplinkServer *server;
  UplinkCredentialKind kind;
  /* The address to write once the keyring has the secret, or NULL. */
  char *url;
} Store;

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Store *store = user_data;
  UplinkServer *self = store->server;
  GError *error = NULL;

  uplink_credentials_store_finish (UPLINK_CREDENTIALS (source), result, &error);
  set_credentials_error (self, error);

  /* Removed while the keyring was busy: what it just kept goes too. */
  if (self->removed)
    uplink_credentials_clear_async (self->credentials, self->id, NULL, on_cleared, NULL);

  if (store->url != NULL)
    self->pending_stores--;
  if (store->kind == UPLINK_CREDENTIAL_PASSWORD)
    self->pending_password_stores--;

  /* Written after the secret, so that whoever follows the setting finds
   * it; if the keyring could not keep it, this process keeps it. */
  if (store->url != NULL && !self->removed)
    {
      g_autofree char *stored = g_settings_get_string (self->settings, "url");

      if (g_str_equal (stored, store->url))
        look_up_secrets (self);
      else
        g_settings_set_string (self->settings, "url", store->url);
    }

  g_object_unref (store->server);
  g_free (store->url);
  g_free (store);
}

static void
store_secret (UplinkServer         *self,
              UplinkCredentialKind  kind,
              const char           *secret,
              const char           *then_url)
{
  g_autofree char *label = dup_label (self, kind);
  Store *store = g_new0 (Store, 1);

  store->server = g_object_ref (self);
  store->kind = kind;
  store->url = g_strdup (then_url);
  if (then_url != NULL)
    self->pending_stores++;
  if (kind == UPLINK_CREDENTIAL_PASSWORD)
    self->pending_password_stores++;
  uplink_credentials_store_async (self->credentials, self->id, kind, secret, label,
                                  NULL, on_stored, store);
}

/**
 * uplink_server_set_url:
 * @self: the server
 * @url: the address, as the user pasted it, secrets and all
 * @error: why it is not a server address
 *
 * Sets the server's address. Its password and secret query parameters go
 * to the keyring, the rest to the settings (once the keyring has them);
 * Uplink adds them back when it connects. An address with no secret
 * keeps those stored before.
 *
 * Returns: %TRUE if @url is a server address
 */
gboolean
uplink_server_set_url (UplinkServer  *self,
                       const char    *url,
                       GError       **error)
{
  g_autofree char *public_url = NULL;
  g_autofree char *secret_url = NULL;

  g_return_val_if_fail (UPLINK_IS_SERVER (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (!self->removed, FALSE);

  if (!uplink_url_split_secrets (url, &public_url, &secret_url, error))
    return FALSE;

  if (secret_url == NULL)
    {
      g_settings_set_string (self->settings, "url", public_url);
      return TRUE;
    }

  store_secret (self, UPLINK_CREDENTIAL_URL, secret_url, public_url);
  uplink_url_forget_secret (&secret_url);
  update_state (self);
  return TRUE;
}

/**
 * uplink_server_set_password:
 * @self: the server
 * @password: (nullable): the password (or token) of the server's login,
 *   or %NULL to forget it
 *
 * Keeps the password in the keyring and uses it from the next attempt,
 * which comes at once.
 */
void
uplink_server_set_password (UplinkServer *self,
                            const char   *password)
{
  g_return_if_fail (UPLINK_IS_SERVER (self));
  g_return_if_fail (!self->removed);

  uplink_url_forget_secret (&self->password);
  self->password = g_strdup (password);
  self->password_newer = TRUE;
  store_secret (self, UPLINK_CREDENTIAL_PASSWORD, password, NULL);

  if (self->connection != NULL)
    {
      uplink_connection_set_password (self->connection, self->password);
      if (!self->paused)
        uplink_connection_reconnect_now (self->connection);
    }
}

/**
 * uplink_server_detach:
 * @self: the server
 *
 * Lets the server go as it leaves the list: its connection ends and it is
 * marked removed, so that whatever still shows it (a notification) lets
 * go too. Its settings and secrets stay: another process (or the user
 * with dconf) may have taken it out, and nothing is lost that way.
 */
void
uplink_server_detach (UplinkServer *self)
{
  g_return_if_fail (UPLINK_IS_SERVER (self));

  if (self->removed)
    return;

  self->removed = TRUE;
  g_cancellable_cancel (self->cancellable);
  self->pending_lookups = 0;
  g_signal_handlers_disconnect_by_data (self->settings, self);
  drop_connection (self);
  uplink_url_forget_secret (&self->secret_url);
  uplink_url_forget_secret (&self->password);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOVED]);
}

/**
 * uplink_server_forget:
 * @self: a detached server
 *
 * Puts the server's settings back to their defaults and takes its
 * secrets out of the keyring, as the user removes it.
 */
void
uplink_server_forget (UplinkServer *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_return_if_fail (UPLINK_IS_SERVER (self));
  g_return_if_fail (self->removed);

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (self->settings, keys[i]);
  uplink_credentials_clear_async (self->credentials, self->id, NULL, on_cleared, NULL);
}
