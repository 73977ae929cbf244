/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>
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
 * The first time it runs with a `url` in the settings of the single-server
 * versions, it moves that server into the list: address, type and user
 * name to the server's settings, the address's secrets to the keyring.
 * The old keys are emptied once the keyring holds the secrets; until then
 * the migration runs again at the next start, and finds its server by
 * address rather than adding a second one.
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

static void
update_state (UplinkServerList *self)
{
  UplinkState worst = UPLINK_STATE_CONNECTED;
  guint n_watched = 0;

  for (guint i = 0; i < self->servers->len; i++)
    {
      UplinkServer *server = g_ptr_array_index (self->servers, i);
      UplinkState state = uplink_server_get_state (server);

      if (!uplink_server_get_watched (server))
        continue;
      n_watched++;
      if (uplink_state_severity (state) > uplink_state_severity (worst))
        worst = state;
    }

  /* Nothing watched is nothing up. */
  if (n_watched == 0)
    worst = UPLINK_STATE_DISCONNECTED;

  g_object_freeze_notify (G_OBJECT (self));
  if (worst != self->state)
    {
      self->state = worst;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (n_watched != self->n_watched)
    {
      self->n_watched = n_watched;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WATCHED]);
    }
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

/* The name a migrated server gets: its host, which the user knows it by. */
static char *
name_from_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0')
    return g_strdup (g_uri_get_host (uri));
  return g_strdup (_("Chat server"));
}

/* What the single server had, which the first server of the list gets;
 * its address goes through the keyring first. */
static const char * const migrated_keys[] = {
  "profile", "username", "notify-on-disconnect", "notify-on-throttle",
};

static void
reset_single_server (GSettings *settings)
{
  g_settings_reset (settings, "url");
  g_settings_reset (settings, "profile");
  g_settings_reset (settings, "username");
}

typedef struct {
  GSettings *settings;
  GSettings *server_settings;
  char *public_url;
} Migration;

static void
migration_free (Migration *migration)
{
  g_object_unref (migration->settings);
  g_object_unref (migration->server_settings);
  g_free (migration->public_url);
  g_free (migration);
}

static void
on_migrated_secret_stored (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  Migration *migration = user_data;
  g_autoptr(GError) error = NULL;

  /* Written after the secret, so that the server finds it when it
   * connects; if the keyring could not keep it, this process does. */
  g_settings_set_string (migration->server_settings, "url", migration->public_url);

  if (uplink_credentials_store_finish (UPLINK_CREDENTIALS (source), result, &error))
    reset_single_server (migration->settings);
  else
    g_message ("The server address stays in the old setting until the keyring keeps its secrets: %s",
               error->message);

  migration_free (migration);
}

static UplinkServer *
find_by_url (UplinkServerList *self,
             const char       *url)
{
  for (guint i = 0; i < self->servers->len; i++)
    {
      UplinkServer *server = g_ptr_array_index (self->servers, i);
      g_autofree char *other = g_settings_get_string (uplink_server_get_settings (server), "url");

      if (g_str_equal (other, url))
        return server;
    }
  return NULL;
}

static void
migrate_single_server (UplinkServerList *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "url");
  g_autofree char *public_url = NULL;
  g_autofree char *secret_url = NULL;
  g_autofree char *name = NULL;
  UplinkServer *server;
  GSettings *server_settings;
  Migration *migration;

  if (*url == '\0')
    return;

  /* An address the old version took but that does not parse moves as it
   * is: the server shows why it cannot connect. */
  if (!uplink_url_split_secrets (url, &public_url, &secret_url, NULL))
    public_url = g_strdup (url);

  server = find_by_url (self, public_url);
  if (server == NULL)
    {
      g_autofree char *id = new_id (self);
      g_autoptr(GSettings) settings = uplink_server_settings_new (id);

      name = name_from_url (public_url);
      while (uplink_server_list_find_by_name (self, name) != NULL)
        {
          g_autofree char *numbered = g_strdup_printf ("%s (%s)", name, id);

          g_free (name);
          name = g_steal_pointer (&numbered);
        }
      g_settings_set_string (settings, "name", name);
      for (guint i = 0; i < G_N_ELEMENTS (migrated_keys); i++)
        {
          g_autoptr(GVariant) value = g_settings_get_value (self->settings, migrated_keys[i]);

          g_settings_set_value (settings, migrated_keys[i], value);
        }
      append_id (self, id);
      server = uplink_server_list_lookup (self, id);
    }

  server_settings = uplink_server_get_settings (server);
  if (secret_url == NULL)
    {
      g_settings_set_string (server_settings, "url", public_url);
      reset_single_server (self->settings);
      return;
    }

  migration = g_new0 (Migration, 1);
  migration->settings = g_object_ref (self->settings);
  migration->server_settings = g_object_ref (server_settings);
  migration->public_url = g_steal_pointer (&public_url);
  uplink_credentials_store_async (self->credentials, uplink_server_get_id (server),
                                  UPLINK_CREDENTIAL_URL, secret_url,
                                  uplink_server_get_name (server), NULL,
                                  on_migrated_secret_stored, migration);
  memset (secret_url, 0, strlen (secret_url));
}

static void
uplink_server_list_constructed (GObject *object)
{
  UplinkServerList *self = UPLINK_SERVER_LIST (object);

  G_OBJECT_CLASS (uplink_server_list_parent_class)->constructed (object);

  g_signal_connect_object (self->settings, "changed::servers",
                           G_CALLBACK (sync_servers), self, G_CONNECT_SWAPPED);
  sync_servers (self);
  migrate_single_server (self);
}

static void
uplink_server_list_dispose (GObject *object)
{
  UplinkServerList *self = UPLINK_SERVER_LIST (object);

  if (self->servers != NULL)
    for (guint i = 0; i < self->servers->len; i++)
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->servers, i), self);
  g_clear_pointer (&self->servers, g_ptr_array_unref);
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
