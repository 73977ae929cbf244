/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "uplink-server-list.h"
#include "uplink-url-secrets.h"

/*
 * The watched servers, in the order of the `servers` setting, as a
 * GListModel of UplinkServer. The list follows the setting (Preferences
 * may run in another process); add, rename and remove write it.
 *
 * Ids that cannot name a settings path are skipped with a message, a
 * repeated id counts once, and an id whose settings were never written is
 * a server with the defaults, shown as "Server ID" until it gets a name.
 * New ids are random and never reused, so that a late answer of the
 * keyring about a removed server cannot touch a new one.
 *
 * `state` is the worst state over the watched servers (enabled and not
 * paused): disconnected, then throttled, then connecting, then connected.
 *
 * The keys of the single-server versions are the first server's (see
 * take_single_url()): the first time this version runs, the single server
 * moves into the list, its secrets into the keyring.
 */

struct _UplinkServerList
{
  GObject parent_instance;

  GSettings *settings;
  UplinkCredentials *credentials;
  GPtrArray *servers;
  /* Invalid ids already told about, so that each is told once. */
  GHashTable *told;

  UplinkState state;
  guint n_watched;
  /* The worst watched server's connection (or, with none watched, the
   * first there is): what shows one connection shows this one. */
  UplinkConnection *connection;
};

static void uplink_server_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (UplinkServerList, uplink_server_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, uplink_server_list_model_init))

enum {
  PROP_0,
  PROP_APP_SETTINGS,
  PROP_CREDENTIALS,
  PROP_STATE,
  PROP_N_WATCHED,
  PROP_CONNECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
uplink_server_list_get_item_type (GListModel *model)
{
  return UPLINK_TYPE_SERVER;
}

static guint
uplink_server_list_get_n_items (GListModel *model)
{
  return UPLINK_SERVER_LIST (model)->servers->len;
}

static gpointer
uplink_server_list_get_item (GListModel *model,
                             guint       position)
{
  UplinkServerList *self = UPLINK_SERVER_LIST (model);

  if (position >= self->servers->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->servers, position));
}

static void
uplink_server_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = uplink_server_list_get_item_type;
  iface->get_n_items = uplink_server_list_get_n_items;
  iface->get_item = uplink_server_list_get_item;
}

/* The watched server in the worst state, the first of equals; with none
 * watched, the first that has a connection (paused, say). */
static UplinkServer *
find_worst (UplinkServerList *self,
            guint            *n_watched)
{
  UplinkServer *worst = NULL;
  UplinkServer *first = NULL;

  *n_watched = 0;
  for (guint i = 0; i < self->servers->len; i++)
    {
      UplinkServer *server = g_ptr_array_index (self->servers, i);

      if (first == NULL && uplink_server_get_connection (server) != NULL)
        first = server;
      if (!uplink_server_get_watched (server))
        continue;
      (*n_watched)++;
      if (worst == NULL ||
          uplink_state_severity (uplink_server_get_state (server)) >
          uplink_state_severity (uplink_server_get_state (worst)))
        worst = server;
    }

  return worst != NULL ? worst : first;
}

static void
update_state (UplinkServerList *self)
{
  guint n_watched;
  UplinkServer *worst = find_worst (self, &n_watched);
  /* Nothing watched is nothing up. */
  UplinkState state = n_watched > 0 ? uplink_server_get_state (worst) : UPLINK_STATE_DISCONNECTED;
  UplinkConnection *connection = worst != NULL ? uplink_server_get_connection (worst) : NULL;

  g_object_freeze_notify (G_OBJECT (self));
  if (state != self->state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (n_watched != self->n_watched)
    {
      self->n_watched = n_watched;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WATCHED]);
    }
  if (g_set_object (&self->connection, connection))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
  g_object_thaw_notify (G_OBJECT (self));
}

static UplinkServer *
take_server (GPtrArray  *servers,
             const char *id)
{
  for (guint i = 0; i < servers->len; i++)
    if (g_str_equal (uplink_server_get_id (g_ptr_array_index (servers, i)), id))
      return g_ptr_array_steal_index (servers, i);
  return NULL;
}

static UplinkServer *
new_server (UplinkServerList *self,
            const char       *id)
{
  UplinkServer *server = uplink_server_new (id, self->settings, self->credentials);

  g_signal_connect_object (server, "notify::state", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (server, "notify::paused", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (server, "notify::enabled", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (server, "notify::connection", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  return server;
}

static gboolean
is_usable_id (UplinkServerList *self,
              const char       *id)
{
  if (uplink_server_id_is_valid (id))
    return TRUE;

  if (g_hash_table_add (self->told, g_strdup (id)))
    g_message ("The server list names “%s”, which is not a server id (1 to 32 letters, digits or "
               "underscores): it is left out", id);
  return FALSE;
}

/* Makes the list what the setting says, keeping the servers that stay. */
static void
sync_servers (UplinkServerList *self)
{
  g_auto(GStrv) ids = g_settings_get_strv (self->settings, "servers");
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->servers);
  guint n_old = old->len;

  self->servers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      UplinkServer *server;

      if (!is_usable_id (self, ids[i]) || uplink_server_list_lookup (self, ids[i]) != NULL)
        continue;

      server = take_server (old, ids[i]);
      g_ptr_array_add (self->servers, server != NULL ? server : new_server (self, ids[i]));
    }

  for (guint i = 0; i < old->len; i++)
    {
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (old, i), self);
      uplink_server_detach (g_ptr_array_index (old, i));
    }

  g_list_model_items_changed (G_LIST_MODEL (self), 0, n_old, self->servers->len);
  update_state (self);
}

static char *
new_id (UplinkServerList *self)
{
  for (;;)
    {
      char *id = g_strdup_printf ("%08x", g_random_int ());

      if (uplink_server_list_lookup (self, id) == NULL)
        return id;
      g_free (id);
    }
}

static void
append_id (UplinkServerList *self,
           const char       *id)
{
  g_auto(GStrv) ids = g_settings_get_strv (self->settings, "servers");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) appended = NULL;

  g_strv_builder_addv (builder, (const char **) ids);
  g_strv_builder_add (builder, id);
  appended = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "servers", (const char * const *) appended);
  sync_servers (self);
}

/* Whether @name can be a new name for @server (NULL for a new server). */
static gboolean
check_name (UplinkServerList  *self,
            UplinkServer      *server,
            const char        *name,
            GError           **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));
  UplinkServer *other;

  if (*stripped == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter a name for the server"));
      return FALSE;
    }

  other = uplink_server_list_find_by_name (self, stripped);
  if (other != NULL && other != server)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("There is a server named “%s” already: choose another name"), stripped);
      return FALSE;
    }

  return TRUE;
}

/* What the single server had, which the first server of the list gets;
 * its address goes through the keyring first. */
static const char * const migrated_keys[] = {
  "profile", "username", "notify-on-disconnect", "notify-on-throttle",
};

typedef struct {
  GSettings *settings;
  GSettings *server_settings;
  char *public_url;
  /* What `url` held, secrets and all. */
  char *url;
} Migration;

static void
migration_free (Migration *migration)
{
  g_object_unref (migration->settings);
  g_object_unref (migration->server_settings);
  g_free (migration->public_url);
  uplink_url_forget_secret (&migration->url);
  g_free (migration);
}

static void
on_single_secret_stored (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  Migration *migration = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  /* Without a keyring the secret lives in this process until it quits,
   * as the user was told: the settings never keep it. */
  if (!uplink_credentials_store_finish (UPLINK_CREDENTIALS (source), result, &error))
    g_message ("%s", error->message);

  /* The server's address after its secret, so that the server finds it
   * when it connects; unless `url` was set again meanwhile, which is then
   * taken on its own. */
  url = g_settings_get_string (migration->settings, "url");
  if (g_str_equal (url, migration->url))
    {
      g_settings_set_string (migration->server_settings, "url", migration->public_url);
      g_settings_set_string (migration->settings, "url", migration->public_url);
    }
  migration_free (migration);
}

/* The first server, added if there is none, named after its host. */
static UplinkServer *
ensure_first_server (UplinkServerList *self,
                     const char       *url)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (self->servers->len > 0)
    return g_ptr_array_index (self->servers, 0);

  id = new_id (self);
  settings = uplink_server_settings_new (id);
  name = uplink_app_name_for_url (url);
  g_settings_set_string (settings, "name", name);
  for (guint i = 0; i < G_N_ELEMENTS (migrated_keys); i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (self->settings, migrated_keys[i]);

      g_settings_set_value (settings, migrated_keys[i], value);
    }
  append_id (self, id);
  return uplink_server_list_lookup (self, id);
}

/*
 * The keys of the single-server versions (`url`, `profile`, `username`)
 * stay the first server's, for what still sets them (`uplink --url`, and
 * the window's welcome and preferences): what they are set to goes to the
 * first server, added if there is none, and `url` keeps the address
 * without its secrets, which go to the keyring. The first run of this
 * version moves the single server into the list that way.
 */
static void
take_single_url (UplinkServerList *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "url");
  g_autofree char *public_url = NULL;
  g_autofree char *secret_url = NULL;
  UplinkServer *server;
  GSettings *server_settings;
  Migration *migration;

  if (*url == '\0')
    return;

  /* An address that does not parse moves as it is: the server shows
   * why it cannot connect. */
  if (!uplink_url_split_secrets (url, &public_url, &secret_url, NULL))
    public_url = g_strdup (url);

  server = ensure_first_server (self, public_url);
  server_settings = uplink_server_get_settings (server);
  if (secret_url == NULL)
    {
      g_autofree char *current = g_settings_get_string (server_settings, "url");

      if (!g_str_equal (current, public_url))
        g_settings_set_string (server_settings, "url", public_url);
      return;
    }

  migration = g_new0 (Migration, 1);
  migration->settings = g_object_ref (self->settings);
  migration->server_settings = g_object_ref (server_settings);
  migration->public_url = g_steal_pointer (&public_url);
  migration->url = g_steal_pointer (&url);
  uplink_credentials_store_async (self->credentials, uplink_server_get_id (server),
                                  UPLINK_CREDENTIAL_URL, secret_url,
                                  uplink_server_get_name (server), NULL,
                                  on_single_secret_stored, migration);
  uplink_url_forget_secret (&secret_url);
}

/* `profile` and `username` set the first server's. */
static void
on_single_key_changed (UplinkServerList *self,
                       const char       *key)
{
  g_autoptr(GVariant) value = NULL;

  if (self->servers->len == 0)
    return;

  value = g_settings_get_value (self->settings, key);
  g_settings_set_value (uplink_server_get_settings (g_ptr_array_index (self->servers, 0)), key, value);
}

static void
uplink_server_list_constructed (GObject *object)
{
  UplinkServerList *self = UPLINK_SERVER_LIST (object);

  G_OBJECT_CLASS (uplink_server_list_parent_class)->constructed (object);

  g_signal_connect_object (self->settings, "changed::servers",
                           G_CALLBACK (sync_servers), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::url",
                           G_CALLBACK (take_single_url), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::profile",
                           G_CALLBACK (on_single_key_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::username",
                           G_CALLBACK (on_single_key_changed), self, G_CONNECT_SWAPPED);
  sync_servers (self);
  take_single_url (self);
}

static void
uplink_server_list_dispose (GObject *object)
{
  UplinkServerList *self = UPLINK_SERVER_LIST (object);

  if (self->servers != NULL)
    for (guint i = 0; i < self->servers->len; i++)
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->servers, i), self);
  g_clear_pointer (&self->servers, g_ptr_array_unref);
  g_clear_object (&self->connection);
  g_clear_object (&self->settings);
  g_clear_object (&self->credentials);

  G_OBJECT_CLASS (uplink_server_list_parent_class)->dispose (object);
}

static void
uplink_server_list_finalize (GObject *object)
{
  UplinkServerList *self = UPLINK_SERVER_LIST (object);

  g_hash_table_unref (self->told);

  G_OBJECT_CLASS (uplink_server_list_parent_class)->finalize (object);
}

static void
uplink_server_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  UplinkServerList *self = UPLINK_SERVER_LIST (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, uplink_server_list_get_state (self));
      break;
    case PROP_N_WATCHED:
      g_value_set_uint (value, uplink_server_list_get_n_watched (self));
      break;
    case PROP_CONNECTION:
      g_value_set_object (value, uplink_server_list_get_connection (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_server_list_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  UplinkServerList *self = UPLINK_SERVER_LIST (object);

  switch (prop_id)
    {
    case PROP_APP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_CREDENTIALS:
      self->credentials = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_server_list_class_init (UplinkServerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = uplink_server_list_constructed;
  object_class->dispose = uplink_server_list_dispose;
  object_class->finalize = uplink_server_list_finalize;
  object_class->get_property = uplink_server_list_get_property;
  object_class->set_property = uplink_server_list_set_property;

  /**
   * UplinkServerList:app-settings:
   *
   * The application's settings, whose `servers` key is the list.
   */
  properties[PROP_APP_SETTINGS] =
    g_param_spec_object ("app-settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkServerList:credentials:
   *
   * Where the servers' secrets are kept.
   */
  properties[PROP_CREDENTIALS] =
    g_param_spec_object ("credentials", NULL, NULL, UPLINK_TYPE_CREDENTIALS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkServerList:state:
   *
   * The worst state over the watched servers; disconnected when none is
   * watched.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, UPLINK_TYPE_STATE, UPLINK_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkServerList:n-watched:
   *
   * How many servers are watched: enabled and not paused.
   */
  properties[PROP_N_WATCHED] =
    g_param_spec_uint ("n-watched", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkServerList:connection:
   *
   * The connection of the worst watched server (the first of equals), or
   * with none watched the first connection there is: what shows one
   * connection, such as the root D-Bus object, shows this one.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, UPLINK_TYPE_CONNECTION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
uplink_server_list_init (UplinkServerList *self)
{
  self->servers = g_ptr_array_new_with_free_func (g_object_unref);
  self->told = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->state = UPLINK_STATE_DISCONNECTED;
}

/**
 * uplink_server_list_new:
 * @app_settings: the application's settings
 * @credentials: where the servers' secrets are kept
 *
 * Returns: (transfer full): the servers of the settings, each watched if
 *   it is enabled
 */
UplinkServerList *
uplink_server_list_new (GSettings         *app_settings,
                        UplinkCredentials *credentials)
{
  g_return_val_if_fail (G_IS_SETTINGS (app_settings), NULL);
  g_return_val_if_fail (UPLINK_IS_CREDENTIALS (credentials), NULL);

  return g_object_new (UPLINK_TYPE_SERVER_LIST,
                       "app-settings", app_settings,
                       "credentials", credentials,
                       NULL);
}

/**
 * uplink_server_list_lookup:
 * @self: the list
 * @id: a server id
 *
 * Returns: (transfer none) (nullable): the server with that id
 */
UplinkServer *
uplink_server_list_lookup (UplinkServerList *self,
                           const char       *id)
{
  g_return_val_if_fail (UPLINK_IS_SERVER_LIST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->servers->len; i++)
    if (g_str_equal (uplink_server_get_id (g_ptr_array_index (self->servers, i)), id))
      return g_ptr_array_index (self->servers, i);
  return NULL;
}

/**
 * uplink_server_list_find_by_name:
 * @self: the list
 * @name: a server's name
 *
 * Names are compared as people read them: without regard to case or to
 * spaces around them.
 *
 * Returns: (transfer none) (nullable): the server with that name
 */
UplinkServer *
uplink_server_list_find_by_name (UplinkServerList *self,
                                 const char       *name)
{
  g_autofree char *stripped = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (UPLINK_IS_SERVER_LIST (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  stripped = g_strstrip (g_strdup (name));
  folded = g_utf8_casefold (stripped, -1);
  for (guint i = 0; i < self->servers->len; i++)
    {
      UplinkServer *server = g_ptr_array_index (self->servers, i);
      g_autofree char *other = g_utf8_casefold (uplink_server_get_name (server), -1);

      if (g_str_equal (folded, other))
        return server;
    }
  return NULL;
}

/**
 * uplink_server_list_add:
 * @self: the list
 * @name: the new server's name, unique in the list
 * @url: its address, as pasted (its secrets go to the keyring)
 * @error: why the server could not be added
 *
 * Adds a server at the end of the list, watched from now on.
 *
 * Returns: (transfer none) (nullable): the new server
 */
UplinkServer *
uplink_server_list_add (UplinkServerList  *self,
                        const char        *name,
                        const char        *url,
                        GError           **error)
{
  g_autofree char *id = NULL;
  g_autofree char *stripped = NULL;
  g_autoptr(GSettings) settings = NULL;
  UplinkServer *server;

  g_return_val_if_fail (UPLINK_IS_SERVER_LIST (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  if (!check_name (self, NULL, name, error) || !uplink_connection_check_url (url, error))
    return NULL;

  id = new_id (self);
  stripped = g_strstrip (g_strdup (name));
  settings = uplink_server_settings_new (id);
  g_settings_set_string (settings, "name", stripped);
  append_id (self, id);
  server = uplink_server_list_lookup (self, id);
  /* Checked above, so it cannot fail. */
  uplink_server_set_url (server, url, NULL);
  return server;
}

/**
 * uplink_server_list_set_first_url:
 * @self: the list
 * @url: the address, as the user gave it, secrets and all
 * @error: why it is not a server address
 *
 * Gives the first server, added if there is none, a new address, as
 * `uplink --url` asks. Its secrets go to the keyring, as with
 * uplink_server_set_url(); the single-server `url` key, which stays the
 * first server's, gets the address without them.
 *
 * Returns: %TRUE if @url is a server address
 */
gboolean
uplink_server_list_set_first_url (UplinkServerList  *self,
                                  const char        *url,
                                  GError           **error)
{
  g_autofree char *public_url = NULL;
  g_autofree char *secret_url = NULL;

  g_return_val_if_fail (UPLINK_IS_SERVER_LIST (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  if (!uplink_connection_check_url (url, error) ||
      !uplink_url_split_secrets (url, &public_url, &secret_url, error))
    return FALSE;
  uplink_url_forget_secret (&secret_url);

  if (!uplink_server_set_url (ensure_first_server (self, public_url), url, error))
    return FALSE;
  /* Already the first server's: taken again, it would race its secret. */
  g_signal_handlers_block_by_func (self->settings, take_single_url, self);
  g_settings_set_string (self->settings, "url", public_url);
  g_signal_handlers_unblock_by_func (self->settings, take_single_url, self);
  return TRUE;
}

/**
 * uplink_server_list_rename:
 * @self: the list
 * @server: one of its servers
 * @name: the new name
 * @error: why the name cannot be taken
 *
 * Returns: %TRUE if the server has the new name
 */
gboolean
uplink_server_list_rename (UplinkServerList  *self,
                           UplinkServer      *server,
                           const char        *name,
                           GError           **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (UPLINK_IS_SERVER_LIST (self), FALSE);
  g_return_val_if_fail (UPLINK_IS_SERVER (server), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_name (self, server, name, error))
    return FALSE;

  stripped = g_strstrip (g_strdup (name));
  g_settings_set_string (uplink_server_get_settings (server), "name", stripped);
  return TRUE;
}

/**
 * uplink_server_list_remove:
 * @self: the list
 * @server: one of its servers
 *
 * Removes the server: it leaves the list, its connection ends, its
 * settings go back to their defaults and its secrets leave the keyring.
 */
void
uplink_server_list_remove (UplinkServerList *self,
                           UplinkServer     *server)
{
  g_autoptr(UplinkServer) removed = NULL;
  g_auto(GStrv) ids = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  g_return_if_fail (UPLINK_IS_SERVER_LIST (self));
  g_return_if_fail (UPLINK_IS_SERVER (server));

  removed = g_object_ref (server);
  ids = g_settings_get_strv (self->settings, "servers");
  for (guint i = 0; ids[i] != NULL; i++)
    if (!g_str_equal (ids[i], uplink_server_get_id (server)))
      g_strv_builder_add (builder, ids[i]);
  kept = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "servers", (const char * const *) kept);
  sync_servers (self);

  uplink_server_detach (removed);
  uplink_server_forget (removed);
}

UplinkState
uplink_server_list_get_state (UplinkServerList *self)
{
  g_return_val_if_fail (UPLINK_IS_SERVER_LIST (self), UPLINK_STATE_DISCONNECTED);

  return self->state;
}

guint
uplink_server_list_get_n_watched (UplinkServerList *self)
{
  g_return_val_if_fail (UPLINK_IS_SERVER_LIST (self), 0);

  return self->n_watched;
}

/**
 * uplink_server_list_get_connection:
 * @self: the list
 *
 * Returns: (transfer none) (nullable): the connection of the worst watched
 *   server
 */
UplinkConnection *
uplink_server_list_get_connection (UplinkServerList *self)
{
  g_return_val_if_fail (UPLINK_IS_SERVER_LIST (self), NULL);

  return self->connection;
}
