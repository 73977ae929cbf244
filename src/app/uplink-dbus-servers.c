/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-dbus-monitor.h"
#include "uplink-dbus-servers.h"
#include "uplink-event-log.h"
#include "uplink-monitor-generated.h"

/*
 * One D-Bus object per server, /io/github/uplink/Uplink/servers/ID, with
 * the io.github.uplink.Uplink.Monitor interface of the root object (and
 * its Name), listed by an org.freedesktop.DBus.ObjectManager at the root,
 * so that tools (and `uplink status`) find every server. Each object
 * follows its server's connection, which changes with its address;
 * Pause, Resume and Reconnect act on that server alone.
 */

#define SERVERS_PATH APP_OBJECT_PATH "/servers/"

typedef struct {
  UplinkServer *server;
  UplinkEventLog *event_log;
  UplinkDbusMonitor *monitor;
  GDBusObjectSkeleton *object;
} Entry;

struct _UplinkDbusServers
{
  GObject parent_instance;

  GDBusObjectManagerServer *manager;
  UplinkServerList *list;
  /* id → Entry */
  GHashTable *entries;
};

G_DEFINE_FINAL_TYPE (UplinkDbusServers, uplink_dbus_servers, G_TYPE_OBJECT)

static void
entry_free (Entry *entry)
{
  g_signal_handlers_disconnect_by_data (entry->server, entry);
  g_object_unref (entry->server);
  g_object_unref (entry->event_log);
  g_object_unref (entry->monitor);
  g_object_unref (entry->object);
  g_free (entry);
}

static void
on_name_changed (Entry *entry)
{
  UplinkBusMonitor *skeleton = UPLINK_BUS_MONITOR (uplink_dbus_monitor_get_skeleton (entry->monitor));

  uplink_bus_monitor_set_name (skeleton, uplink_server_get_name (entry->server));
}

static void
on_connection_changed (Entry *entry)
{
  UplinkConnection *connection = uplink_server_get_connection (entry->server);
  UplinkBusMonitor *skeleton = UPLINK_BUS_MONITOR (uplink_dbus_monitor_get_skeleton (entry->monitor));

  uplink_dbus_monitor_set_connection (entry->monitor, connection);
  uplink_event_log_set_source (entry->event_log, UPLINK_STATUS_SOURCE (connection));
  /* A server that is not enabled is not watched, as if paused for good;
   * one waiting for the keyring is watched already. */
  if (connection == NULL)
    uplink_bus_monitor_set_paused (skeleton, !uplink_server_get_enabled (entry->server));
}

static Entry *
entry_new (UplinkServer *server)
{
  Entry *entry = g_new0 (Entry, 1);
  g_autofree char *path = g_strconcat (SERVERS_PATH, uplink_server_get_id (server), NULL);

  entry->server = g_object_ref (server);
  entry->event_log = uplink_event_log_new (TRUE);
  entry->monitor = uplink_dbus_monitor_new (entry->event_log);
  entry->object = g_dbus_object_skeleton_new (path);
  g_dbus_object_skeleton_add_interface (entry->object, uplink_dbus_monitor_get_skeleton (entry->monitor));

  g_signal_connect_swapped (server, "notify::name", G_CALLBACK (on_name_changed), entry);
  g_signal_connect_swapped (server, "notify::connection", G_CALLBACK (on_connection_changed), entry);
  g_signal_connect_swapped (server, "notify::enabled", G_CALLBACK (on_connection_changed), entry);
  on_name_changed (entry);
  on_connection_changed (entry);
  return entry;
}

/* Objects for the servers that came, none for those that went. */
static void
sync_objects (UplinkDbusServers *self)
{
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *servers = self->list != NULL ? G_LIST_MODEL (self->list) : NULL;
  GHashTableIter iter;
  Entry *entry;

  for (guint i = 0; servers != NULL && i < g_list_model_get_n_items (servers); i++)
    {
      g_autoptr(UplinkServer) server = g_list_model_get_item (servers, i);
      const char *id = uplink_server_get_id (server);

      g_hash_table_add (listed, (gpointer) id);
      if (g_hash_table_contains (self->entries, id))
        continue;

      entry = entry_new (server);
      g_hash_table_insert (self->entries, g_strdup (id), entry);
      g_dbus_object_manager_server_export (self->manager, entry->object);
    }

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      if (g_hash_table_contains (listed, uplink_server_get_id (entry->server)))
        continue;

      g_dbus_object_manager_server_unexport (self->manager,
                                             g_dbus_object_get_object_path (G_DBUS_OBJECT (entry->object)));
      g_hash_table_iter_remove (&iter);
    }
}

/**
 * uplink_dbus_servers_set_list:
 * @self: the servers' objects
 * @list: (nullable): the servers to publish, or %NULL for none
 */
void
uplink_dbus_servers_set_list (UplinkDbusServers *self,
                              UplinkServerList  *list)
{
  g_return_if_fail (UPLINK_IS_DBUS_SERVERS (self));

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_set_object (&self->list, list);
  if (list != NULL)
    g_signal_connect_object (list, "items-changed", G_CALLBACK (sync_objects), self, G_CONNECT_SWAPPED);
  sync_objects (self);
}

/**
 * uplink_dbus_servers_export:
 * @self: the servers' objects
 * @bus: the bus Uplink owns its name on
 *
 * Publishes the objects and the ObjectManager at the root path.
 */
void
uplink_dbus_servers_export (UplinkDbusServers *self,
                            GDBusConnection   *bus)
{
  g_return_if_fail (UPLINK_IS_DBUS_SERVERS (self));

  g_dbus_object_manager_server_set_connection (self->manager, bus);
}

void
uplink_dbus_servers_unexport (UplinkDbusServers *self)
{
  g_return_if_fail (UPLINK_IS_DBUS_SERVERS (self));

  g_dbus_object_manager_server_set_connection (self->manager, NULL);
}

static void
uplink_dbus_servers_dispose (GObject *object)
{
  UplinkDbusServers *self = UPLINK_DBUS_SERVERS (object);

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_clear_object (&self->list);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (uplink_dbus_servers_parent_class)->dispose (object);
}

static void
uplink_dbus_servers_class_init (UplinkDbusServersClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = uplink_dbus_servers_dispose;
}

static void
uplink_dbus_servers_init (UplinkDbusServers *self)
{
  self->manager = g_dbus_object_manager_server_new (APP_OBJECT_PATH);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) entry_free);
}

/**
 * uplink_dbus_servers_new:
 *
 * Returns: (transfer full): no objects yet: see
 *   uplink_dbus_servers_set_list()
 */
UplinkDbusServers *
uplink_dbus_servers_new (void)
{
  return g_object_new (UPLINK_TYPE_DBUS_SERVERS, NULL);
}
