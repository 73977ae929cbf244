/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "uplink-app-utils.h"

/*
 * Small helpers shared by the window, the welcome page, the preferences,
 * the tray and the D-Bus objects, so that they judge times alike,
 * follow a connection alike and read their D-Bus interfaces alike.
 */

/* Below this, a change of round trip is nothing a person could tell. */
#define STEADY_LATENCY_FLOOR_US (5 * 1000)

/**
 * uplink_app_monotonic_to_unix:
 * @monotonic_time: a g_get_monotonic_time() value, or 0
 *
 * The connection schedules on the monotonic clock, which means nothing
 * outside this process; D-Bus clients and people want wall-clock time.
 *
 * Returns: the same moment in µs since the Unix epoch, or 0 for 0
 */
gint64
uplink_app_monotonic_to_unix (gint64 monotonic_time)
{
  if (monotonic_time == 0)
    return 0;

  return g_get_real_time () + (monotonic_time - g_get_monotonic_time ());
}

/**
 * uplink_app_follow_connection:
 * @connection: a connection, or any other #UplinkStatusSource (the
 *   window's view of the service's connection)
 * @callback: called, swapped, with @data, at each change
 * @data: an object, whose going away disconnects @callback
 *
 * Calls @callback whenever something that Uplink's displays show of
 * @connection changes. Disconnect with
 * g_signal_handlers_disconnect_by_data().
 */
void
uplink_app_follow_connection (gpointer  connection,
                              GCallback callback,
                              gpointer  data)
{
  static const char * const shown[] = {
    "notify::state", "notify::running", "notify::last-error", "notify::throttled-features",
    "notify::attempt", "notify::next-retry", "notify::latency",
  };

  g_return_if_fail (UPLINK_IS_STATUS_SOURCE (connection));

  for (gsize i = 0; i < G_N_ELEMENTS (shown); i++)
    g_signal_connect_object (connection, shown[i], callback, data, G_CONNECT_SWAPPED);
}

/**
 * uplink_app_interface_info:
 * @resource_name: the introspection XML's file name in the app's resources
 * @interface_name: the interface it describes
 *
 * Looks up a D-Bus interface from the introspection XML compiled into the
 * application, parsing each file once for the life of the process.
 *
 * Returns: (transfer none): the interface
 */
GDBusInterfaceInfo *
uplink_app_interface_info (const char *resource_name,
                           const char *interface_name)
{
  static GHashTable *nodes;
  G_LOCK_DEFINE_STATIC (nodes);
  GDBusNodeInfo *node;

  G_LOCK (nodes);
  if (nodes == NULL)
    nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_dbus_node_info_unref);
  node = g_hash_table_lookup (nodes, resource_name);
  if (node == NULL)
    {
      g_autofree char *path = g_strconcat (APP_OBJECT_PATH "/", resource_name, NULL);
      g_autoptr(GBytes) xml = NULL;
      g_autoptr(GError) error = NULL;

      /* Compiled in as a resource; failing to find or parse it is a build bug. */
      xml = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      g_assert_no_error (error);
      node = g_dbus_node_info_new_for_xml (g_bytes_get_data (xml, NULL), &error);
      g_assert_no_error (error);
      g_hash_table_insert (nodes, g_strdup (resource_name), node);
    }
  G_UNLOCK (nodes);

  return g_dbus_node_info_lookup_interface (node, interface_name);
}

/**
 * uplink_app_in_flatpak:
 *
 * Whether Uplink runs in a Flatpak sandbox, where the portals do what the
 * application would otherwise do itself (start at login, show a status).
 *
 * Test hook: UPLINK_TEST_FLATPAK=1 in the environment says yes outside a
 * sandbox, so that tests can drive the portal paths against a mock
 * portal. It is read here and nowhere else.
 *
 * Returns: %TRUE inside Flatpak (or when a test says so)
 */
gboolean
uplink_app_in_flatpak (void)
{
  static int in_flatpak = -1;

  if (in_flatpak < 0)
    in_flatpak = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ||
                 g_strcmp0 (g_getenv ("UPLINK_TEST_FLATPAK"), "1") == 0;

  return in_flatpak;
}

/**
 * uplink_app_steady_latency:
 * @shown: (inout): the round trip shown so far, in µs, -1 for none
 * @latency: the last one measured, in µs, -1 for none
 *
 * Round trips jitter by a few milliseconds at every keepalive, more so
 * with many servers, whose pongs come back together and wait for each
 * other. What Uplink shows of them — each Monitor's Latency, the tray
 * menu, hence the window — moves when the round trip moves by more than
 * a quarter and more than 5 ms (which nobody can tell apart), so that an
 * idle Uplink neither signals nor redraws every few seconds, however
 * many servers it watches.
 *
 * Returns: the round trip to show, which @shown now holds
 */
gint64
uplink_app_steady_latency (gint64 *shown,
                           gint64  latency)
{
  g_return_val_if_fail (shown != NULL, latency);

  if (latency < 0 || *shown < 0 || ABS (latency - *shown) > MAX (*shown / 4, STEADY_LATENCY_FLOOR_US))
    *shown = latency;
  return *shown;
}

/**
 * uplink_app_describe_latency:
 * @latency: a round trip in µs, or -1
 *
 * Returns: (nullable): "23 ms", or %NULL for -1
 */
char *
uplink_app_describe_latency (gint64 latency)
{
  if (latency < 0)
    return NULL;
  /* Translators: a network round trip in milliseconds */
  return g_strdup_printf (_("%u ms"), (guint) ((latency + 500) / 1000));
}

/**
 * uplink_app_server_settings_new:
 * @id: a server id
 *
 * The settings of one server, which the service and the window's
 * Preferences both use.
 *
 * Returns: (transfer full): the settings of the server with that id, at
 *   /io/github/uplink/Uplink/servers/ID/
 */
GSettings *
uplink_app_server_settings_new (const char *id)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (id != NULL, NULL);

  path = g_strconcat (APP_OBJECT_PATH "/servers/", id, "/", NULL);
  return g_settings_new_with_path (UPLINK_SERVER_SCHEMA, path);
}

/**
 * uplink_app_error_is_service_gone:
 * @error: the error of a call to the service, or of a proxy for it
 *
 * Whether @error only says that the service left (or is not there): no
 * fault of the window's, which follows the service out.
 *
 * Returns: %TRUE for a cancelled call or a service that is gone
 */
gboolean
uplink_app_error_is_service_gone (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY);
}

/**
 * uplink_app_name_for_url:
 * @url: a server address
 *
 * The name a server gets when none was given (the first run's migrated
 * server, an address typed on the welcome page): its host, which the
 * user knows it by.
 *
 * Returns: (transfer full): the name
 */
char *
uplink_app_name_for_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0')
    return g_strdup (g_uri_get_host (uri));
  return g_strdup (_("Chat server"));
}

/**
 * uplink_state_severity:
 * @state: a state
 *
 * Orders states from best to worst for the aggregate and for lists that
 * show the worst first: connected, connecting, throttled, disconnected.
 *
 * Returns: 0 for connected, up to 3 for disconnected
 */
int
uplink_state_severity (UplinkState state)
{
  switch (state)
    {
    case UPLINK_STATE_CONNECTED:
      return 0;
    case UPLINK_STATE_CONNECTING:
      return 1;
    case UPLINK_STATE_FEATURE_THROTTLED:
      return 2;
    case UPLINK_STATE_DISCONNECTED:
    default:
      return 3;
    }
}
