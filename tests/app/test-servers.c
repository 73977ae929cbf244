/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <libsecret/secret.h>
#include <uplink.h>

#include "uplink-credentials.h"
#include "uplink-dbus-server-admin.h"
#include "uplink-notification-group.h"
#include "uplink-server-list.h"
#include "uplink-servers-generated.h"
#include "uplink-url-secrets.h"
#include "uplink-test-peer.h"
#include "uplink-test-utils.h"

/*
 * The server list, its settings and its secrets, on a private session bus
 * (GTestDBus) in one of three set-ups, named by the first argument:
 *
 *   keyring      a real gnome-keyring-daemon, unlocked with a test password
 *   no-keyring   no Secret Service at all: secrets live for the run only
 *   slow-keyring a Secret Service that never answers
 *
 * The settings are a keyfile in a folder of the test's own, so that the
 * tests can read what was written and look for secrets in it. The servers
 * connect to a WebSocket server in this process (libsoup's), which notes
 * the query each handshake carried.
 */

#define KEYRING_PASSWORD "uplink-test-keyring"
#define SECRET_TOKEN "s3cr3t-t0ken-4711"
#define SECRET_PASSWORD "pa55-w0rd-0815"
/* Generous: the machine may be busy, and valgrind is slow. */
#define WAIT_MS (UPLINK_TEST_TIMEOUT_MS * 6)

typedef enum {
  MODE_KEYRING,
  MODE_NO_KEYRING,
  MODE_SLOW_KEYRING,
} Mode;

static Mode mode;
static char *config_dir;
/* Kept to the end: see main(). */
static GTestDBus *test_bus;

/* --- set-up --------------------------------------------------------------- */

typedef struct {
  GSettings *settings;
  UplinkCredentials *credentials;
  UplinkServerList *list;
  UplinkTestPeer *peer;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->settings = g_settings_new ("io.github.uplink.Uplink");
  fixture->credentials = uplink_credentials_new ();
  fixture->peer = uplink_test_peer_new ();
}

/* Every server goes, settings and secrets, so the next test starts
 * clean. */
static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(UplinkServerList) list = NULL;

  g_clear_object (&fixture->list);
  g_settings_reset (fixture->settings, "url");
  list = uplink_server_list_new (fixture->settings, fixture->credentials);
  while (g_list_model_get_n_items (G_LIST_MODEL (list)) > 0)
    {
      g_autoptr(UplinkServer) server = g_list_model_get_item (G_LIST_MODEL (list), 0);

      uplink_server_list_remove (list, server);
    }
  g_settings_reset (fixture->settings, "servers");
  g_clear_object (&list);
  /* What the removals left to finish. */
  uplink_test_run_for (100);

  g_clear_pointer (&fixture->peer, uplink_test_peer_free);
  g_clear_object (&fixture->credentials);
  g_clear_object (&fixture->settings);
}

static char *
read_settings_file (void)
{
  g_autofree char *path = g_build_filename (config_dir, "glib-2.0", "settings", "keyfile", NULL);
  char *contents = NULL;

  g_settings_sync ();
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

typedef struct {
  GObject *object;
  UplinkState state;
} StateWait;

static gboolean
has_state (gpointer data)
{
  StateWait *wait = data;
  UplinkState state;

  g_object_get (wait->object, "state", &state, NULL);
  return state == wait->state;
}

/* Waits for a server, or the list's aggregate, to be in @state. */
static void
wait_for_state (gpointer    server_or_list,
                UplinkState state)
{
  StateWait wait = { server_or_list, state };

  g_assert_true (uplink_test_wait_until (has_state, &wait, WAIT_MS));
}

/* --- addresses and their secrets ------------------------------------------ */

/* @expected_joined: the address joined again, if not @url. */
static void
assert_split (const char *url,
              const char *expected_public,
              gboolean    secret,
              const char *expected_joined)
{
  g_autofree char *public_url = NULL;
  g_autofree char *secret_url = NULL;
  g_autofree char *joined = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (uplink_url_split_secrets (url, &public_url, &secret_url, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (public_url, ==, expected_public);
  g_assert_true ((secret_url != NULL) == secret);

  /* Joined again, the address is the one pasted, its secret parameters
   * last. */
  joined = uplink_url_join_secrets (public_url, secret_url);
  g_assert_cmpstr (joined, ==, expected_joined != NULL ? expected_joined : secret ? url : expected_public);
}

static void
test_url_split (void)
{
  g_autofree char *public_url = NULL;
  g_autofree char *secret_url = NULL;
  g_autofree char *edited = NULL;
  g_autoptr(GError) error = NULL;

  assert_split ("wss://chat.example.com/ws", "wss://chat.example.com/ws", FALSE, NULL);
  assert_split ("wss://chat.example.com/ws?room=42", "wss://chat.example.com/ws?room=42", FALSE, NULL);
  assert_split ("wss://chat.example.com/ws?room=42&token=abc", "wss://chat.example.com/ws?room=42", TRUE, NULL);
  assert_split ("wss://chat.example.com/ws?access_token=abc&room=42", "wss://chat.example.com/ws?room=42", TRUE,
                "wss://chat.example.com/ws?room=42&access_token=abc");
  assert_split ("wss://alice:s3cret@chat.example.com:8443/ws", "wss://alice@chat.example.com:8443/ws", TRUE, NULL);
  assert_split ("ws://chat.example.com/ws?api_key=a%20b&sig=x#top", "ws://chat.example.com/ws", TRUE,
                "ws://chat.example.com/ws?api_key=a%20b&sig=x");
  /* A value that is redacted already is no secret. */
  assert_split ("wss://chat.example.com/ws?token=***", "wss://chat.example.com/ws?token=***", FALSE, NULL);

  g_assert_false (uplink_url_split_secrets ("https://chat.example.com/", &public_url, &secret_url, &error));
  g_assert_error (error, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_INVALID_URL);
  g_clear_error (&error);
  g_assert_false (uplink_url_split_secrets ("ws://chat example.com/", &public_url, &secret_url, &error));
  g_assert_error (error, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_INVALID_URL);

  /* An address edited since keeps its secrets, and a parameter the user
   * named again is the user's. */
  edited = uplink_url_join_secrets ("wss://new.example.com/ws?room=1",
                                    "wss://bob:pw@chat.example.com/ws?token=abc");
  g_assert_cmpstr (edited, ==, "wss://new.example.com/ws?room=1&token=abc");
  g_free (edited);
  edited = uplink_url_join_secrets ("wss://bob@chat.example.com/ws?token=mine",
                                    "wss://bob:pw@chat.example.com/ws?token=abc");
  g_assert_cmpstr (edited, ==, "wss://bob:pw@chat.example.com/ws?token=mine");
}

/* --- the worst state and the notification group --------------------------- */

static void
test_severity (void)
{
  g_assert_cmpint (uplink_state_severity (UPLINK_STATE_DISCONNECTED), >,
                   uplink_state_severity (UPLINK_STATE_FEATURE_THROTTLED));
  g_assert_cmpint (uplink_state_severity (UPLINK_STATE_FEATURE_THROTTLED), >,
                   uplink_state_severity (UPLINK_STATE_CONNECTING));
  g_assert_cmpint (uplink_state_severity (UPLINK_STATE_CONNECTING), >,
                   uplink_state_severity (UPLINK_STATE_CONNECTED));
}

static void
count_change (guint *changes)
{
  (*changes)++;
}

static gboolean
changed_once_more (gpointer data)
{
  guint **counters = data;

  return *counters[0] > *counters[1];
}

static void
wait_for_change (guint *changes)
{
  guint before = *changes;
  guint *counters[] = { changes, &before };

  g_assert_true (uplink_test_wait_until (changed_once_more, counters, WAIT_MS));
}

static void
assert_group_says (UplinkNotificationGroup *group,
                   const char              *title,
                   const char              *body)
{
  g_autofree char *shown_title = uplink_notification_group_dup_title (group);
  g_autofree char *shown_body = uplink_notification_group_dup_body (group);

  g_assert_cmpstr (shown_title, ==, title);
  g_assert_cmpstr (shown_body, ==, body);
}

static void
test_group_together (void)
{
  g_autoptr(UplinkNotificationGroup) group = uplink_notification_group_new (50);
  guint changes = 0;

  g_signal_connect_swapped (group, "changed", G_CALLBACK (count_change), &changes);

  /* Two servers down together: one summary. */
  uplink_notification_group_add (group, "a", "Work chat", "Connection lost", "The server closed the connection.", TRUE, FALSE);
  uplink_notification_group_add (group, "b", "Staging", "Couldn't connect", "The server refused the connection.", TRUE, FALSE);
  g_assert_cmpuint (uplink_notification_group_get_n_shown (group), ==, 0);
  wait_for_change (&changes);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (uplink_notification_group_get_n_shown (group), ==, 2);
  g_assert_null (uplink_notification_group_get_single (group));
  assert_group_says (group, "2 servers cannot be reached", "Work chat, Staging");

  /* One recovers: the other is named. */
  uplink_notification_group_remove (group, "a");
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpstr (uplink_notification_group_get_single (group), ==, "b");
  assert_group_says (group, "Staging: Couldn't connect", "The server refused the connection.");

  /* A third, later, joins what is shown at once. */
  uplink_notification_group_add (group, "c", "Home", "Connection lost", "No answer.", TRUE, FALSE);
  g_assert_cmpuint (changes, ==, 3);
  assert_group_says (group, "2 servers cannot be reached", "Staging, Home");
  /* Named in the user's order of the servers, whichever came first. */
  uplink_notification_group_set_order (group, (const char * const []) { "c", "a", "b", NULL });
  assert_group_says (group, "2 servers cannot be reached", "Home, Staging");

  uplink_notification_group_remove (group, "b");
  uplink_notification_group_remove (group, "c");
  g_assert_cmpuint (changes, ==, 5);
  g_assert_cmpuint (uplink_notification_group_get_n_shown (group), ==, 0);
  assert_group_says (group, NULL, NULL);
}

static void
test_group_network_loss (void)
{
  g_autoptr(UplinkNotificationGroup) group = uplink_notification_group_new (50);
  guint changes = 0;

  g_signal_connect_swapped (group, "changed", G_CALLBACK (count_change), &changes);

  /* A network loss takes every server down at once: one notification. */
  uplink_notification_group_add (group, "a", "Work chat", "Connection lost", "No network.", TRUE, TRUE);
  uplink_notification_group_add (group, "b", "Staging", "Connection lost", "No network.", TRUE, TRUE);
  uplink_notification_group_add (group, "c", "Home", "Connection lost", "No network.", TRUE, TRUE);
  wait_for_change (&changes);
  g_assert_cmpuint (changes, ==, 1);
  assert_group_says (group, "No network", "Work chat, Staging, Home are reconnected when the network is back.");

  /* An outage that is over before the group was shown is never shown. */
  g_clear_object (&group);
  group = uplink_notification_group_new (50);
  changes = 0;
  g_signal_connect_swapped (group, "changed", G_CALLBACK (count_change), &changes);
  uplink_notification_group_add (group, "a", "Work chat", "Connection lost", "No network.", TRUE, TRUE);
  uplink_notification_group_remove (group, "a");
  uplink_test_run_for (200);
  g_assert_cmpuint (changes, ==, 0);
}

static void
test_group_mixed_and_alone (void)
{
  g_autoptr(UplinkNotificationGroup) group = uplink_notification_group_new (0);
  guint changes = 0;

  g_signal_connect_swapped (group, "changed", G_CALLBACK (count_change), &changes);

  /* Alone, nobody is waited for: shown at once. */
  uplink_notification_group_add (group, "a", "Work chat", "Some features paused", "Typing indicators.", FALSE, FALSE);
  g_assert_cmpuint (changes, ==, 1);
  assert_group_says (group, "Work chat: Some features paused", "Typing indicators.");

  /* An outage beside paused features: each server with its news. */
  uplink_notification_group_add (group, "b", "Staging", "Connection lost", "No network.", TRUE, TRUE);
  g_assert_cmpuint (changes, ==, 2);
  assert_group_says (group, "2 servers need attention",
                     "Work chat: Some features paused\nStaging: Connection lost");

  /* Closed by the user: forgotten without a word, and the next news is
   * a new notification. */
  uplink_notification_group_clear (group);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpuint (uplink_notification_group_get_n_shown (group), ==, 0);
  uplink_notification_group_remove (group, "a");
  g_assert_cmpuint (changes, ==, 2);
  uplink_notification_group_add (group, "b", "Staging", "Connection lost", "No network.", TRUE, TRUE);
  g_assert_cmpuint (changes, ==, 3);
  g_assert_cmpstr (uplink_notification_group_get_single (group), ==, "b");
}

/* --- the list ------------------------------------------------------------- */

static void
test_add_rename_remove (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = uplink_test_peer_url (fixture->peer, "/ws");
  g_auto(GStrv) ids = NULL;
  g_autofree char *path = NULL;
  UplinkServer *work;
  UplinkServer *home;

  fixture->list = uplink_server_list_new (fixture->settings, fixture->credentials);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 0);

  work = uplink_server_list_add (fixture->list, "Work chat", url, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uplink_server_get_name (work), ==, "Work chat");
  home = uplink_server_list_add (fixture->list, "  Home ", url, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uplink_server_get_name (home), ==, "Home");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 2);

  /* Duplicate names, however written, and empty ones are refused. */
  g_assert_null (uplink_server_list_add (fixture->list, "work CHAT ", url, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "work CHAT"));
  g_clear_error (&error);
  g_assert_false (uplink_server_list_rename (fixture->list, home, "Work Chat", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (uplink_server_list_rename (fixture->list, home, "   ", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (uplink_server_list_add (fixture->list, "Other", "http://example.com/", &error));
  g_assert_error (error, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_INVALID_URL);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 2);

  /* Renaming a server to its own name, or another case of it, is fine. */
  g_assert_true (uplink_server_list_rename (fixture->list, work, "WORK chat", &error));
  g_assert_no_error (error);
  g_assert_true (uplink_server_list_rename (fixture->list, home, "Home chat", &error));
  g_assert_cmpstr (uplink_server_get_name (home), ==, "Home chat");
  g_assert_true (uplink_server_list_find_by_name (fixture->list, "home CHAT") == home);

  /* Each has its own connection. */
  wait_for_state (work, UPLINK_STATE_CONNECTED);
  wait_for_state (home, UPLINK_STATE_CONNECTED);
  g_assert_true (uplink_server_get_connection (work) != uplink_server_get_connection (home));

  /* Disabled: no connection, the settings kept. */
  uplink_server_set_enabled (home, FALSE);
  g_assert_null (uplink_server_get_connection (home));
  g_assert_cmpuint (uplink_server_list_get_n_watched (fixture->list), ==, 1);
  uplink_server_set_enabled (home, TRUE);
  wait_for_state (home, UPLINK_STATE_CONNECTED);

  /* Removed: out of the list and of the settings. */
  g_object_ref (home);
  uplink_server_list_remove (fixture->list, home);
  g_assert_true (uplink_server_get_removed (home));
  g_assert_null (uplink_server_get_connection (home));
  ids = g_settings_get_strv (fixture->settings, "servers");
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, uplink_server_get_id (work));
  {
    g_autoptr(GSettings) settings = uplink_server_settings_new (uplink_server_get_id (home));
    g_autofree char *name = g_settings_get_string (settings, "name");

    g_assert_cmpstr (name, ==, "");
  }
  g_object_unref (home);
}

static void
test_bad_ids (Fixture       *fixture,
              gconstpointer  data)
{
  const char *ids[] = { "a/b", "", "ok_1", "ok_1", "../up", "x23456789012345678901234567890123",
                        "with space", NULL };
  g_autoptr(UplinkServer) server = NULL;

  g_settings_set_strv (fixture->settings, "servers", ids);
  fixture->list = uplink_server_list_new (fixture->settings, fixture->credentials);

  /* Only the usable id, once; with no settings of its own it has the
   * defaults and a name after its id. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);
  server = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  g_assert_cmpstr (uplink_server_get_id (server), ==, "ok_1");
  g_assert_cmpstr (uplink_server_get_name (server), ==, "Server ok_1");
  g_assert_null (uplink_server_get_connection (server));
  g_assert_cmpint (uplink_server_list_get_state (fixture->list), ==, UPLINK_STATE_DISCONNECTED);

  /* The setting is not rewritten: nothing the user wrote is lost. */
  {
    g_auto(GStrv) kept = g_settings_get_strv (fixture->settings, "servers");

    g_assert_cmpuint (g_strv_length (kept), ==, g_strv_length ((GStrv) ids));
  }
}

static void
test_two_hundred (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  /* uplink-server, in a process of its own, takes the 200 connections. */
  g_autoptr(UplinkTestServer) server = uplink_test_server_new ();
  g_autoptr(UplinkServer) first = NULL;

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *id = g_strdup_printf ("s%u", i);
      g_autofree char *name = g_strdup_printf ("Chat %u", i);
      g_autoptr(GSettings) settings = uplink_server_settings_new (id);

      g_settings_set_string (settings, "name", name);
      g_settings_set_string (settings, "url", server->url);
      g_strv_builder_add (builder, id);
    }
  ids = g_strv_builder_end (builder);
  g_settings_set_strv (fixture->settings, "servers", (const char * const *) ids);

  fixture->list = uplink_server_list_new (fixture->settings, fixture->credentials);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 200);
  g_assert_cmpuint (uplink_server_list_get_n_watched (fixture->list), ==, 200);
  wait_for_state (fixture->list, UPLINK_STATE_CONNECTED);
  g_assert_cmpuint (uplink_test_server_stat (server, "open"), ==, 200);

  first = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  uplink_server_list_remove (fixture->list, first);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 199);
  g_assert_nonnull (uplink_server_list_find_by_name (fixture->list, "Chat 199"));
}

static void
test_worst_state (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *up_url = uplink_test_peer_url (fixture->peer, "/ws");
  g_autofree char *throttled_url = uplink_test_peer_url (fixture->peer, "/throttle");
  g_autofree char *refused_url = g_strdup_printf ("ws://127.0.0.1:%u/ws", uplink_test_free_port ());
  UplinkServer *up;
  UplinkServer *throttled;
  UplinkServer *refused;

  fixture->list = uplink_server_list_new (fixture->settings, fixture->credentials);
  /* Nothing watched is nothing up. */
  g_assert_cmpint (uplink_server_list_get_state (fixture->list), ==, UPLINK_STATE_DISCONNECTED);

  up = uplink_server_list_add (fixture->list, "Up", up_url, &error);
  g_assert_no_error (error);
  wait_for_state (fixture->list, UPLINK_STATE_CONNECTED);
  wait_for_state (up, UPLINK_STATE_CONNECTED);

  throttled = uplink_server_list_add (fixture->list, "Throttled", throttled_url, &error);
  g_assert_no_error (error);
  wait_for_state (throttled, UPLINK_STATE_FEATURE_THROTTLED);
  g_assert_cmpint (uplink_server_list_get_state (fixture->list), ==, UPLINK_STATE_FEATURE_THROTTLED);

  refused = uplink_server_list_add (fixture->list, "Refused", refused_url, &error);
  g_assert_no_error (error);
  wait_for_state (refused, UPLINK_STATE_DISCONNECTED);
  g_assert_cmpint (uplink_server_list_get_state (fixture->list), ==, UPLINK_STATE_DISCONNECTED);
  g_assert_cmpuint (uplink_server_list_get_n_watched (fixture->list), ==, 3);

  /* Paused and disabled servers do not count. */
  uplink_server_set_paused (refused, TRUE);
  g_assert_cmpint (uplink_server_list_get_state (fixture->list), ==, UPLINK_STATE_FEATURE_THROTTLED);
  uplink_server_set_enabled (throttled, FALSE);
  g_assert_cmpint (uplink_server_list_get_state (fixture->list), ==, UPLINK_STATE_CONNECTED);
  g_assert_cmpuint (uplink_server_list_get_n_watched (fixture->list), ==, 1);
  uplink_server_set_paused (up, TRUE);
  g_assert_cmpint (uplink_server_list_get_state (fixture->list), ==, UPLINK_STATE_DISCONNECTED);
  g_assert_cmpuint (uplink_server_list_get_n_watched (fixture->list), ==, 0);
}

/* --- secrets -------------------------------------------------------------- */

static char *
look_up (UplinkCredentials     *credentials,
         const char            *id,
         UplinkCredentialKind   kind,
         GError               **error);
static void keep_result (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data);

static void
assert_nowhere_in_settings (const char *secret,
                            const char *but)
{
  g_autofree char *written = read_settings_file ();

  /* The file holds what was written, so the search means something. */
  g_assert_nonnull (strstr (written, but));
  g_assert_null (strstr (written, secret));
}

/* A lookup given up (its server got a new address, say) must not take
 * the next one with it. This runs first, while libsecret still sets up
 * its one connection to the Secret Service, which all calls share. */
static void
test_cancelled_lookup_alone (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GCancellable) given_up = g_cancellable_new ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) next = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  uplink_credentials_lookup_async (fixture->credentials, "gone", UPLINK_CREDENTIAL_PASSWORD,
                                   given_up, keep_result, &first);
  g_cancellable_cancel (given_up);
  uplink_credentials_lookup_async (fixture->credentials, "kept", UPLINK_CREDENTIAL_PASSWORD,
                                   NULL, keep_result, &next);
  while (first == NULL || next == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_null (uplink_credentials_lookup_finish (fixture->credentials, first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  secret = uplink_credentials_lookup_finish (fixture->credentials, next, &error);
  g_assert_no_error (error);
  g_assert_null (secret);
}

static void
note_url (GSettings  *settings,
          const char *key,
          GPtrArray  *written)
{
  g_ptr_array_add (written, g_settings_get_string (settings, key));
}

/* `uplink --url`: the first server's address, whose secret goes to the
 * keyring without passing through the settings, not even for a moment. */
static void
test_first_url (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *with_token = uplink_test_peer_url (fixture->peer, "/ws?room=42&token=" SECRET_TOKEN);
  g_autofree char *expected = uplink_test_peer_url (fixture->peer, "/ws?room=42");
  g_autofree char *single = NULL;
  g_autofree char *stored = NULL;
  UplinkServer *first;

  fixture->list = uplink_server_list_new (fixture->settings, fixture->credentials);
  g_signal_connect (fixture->settings, "changed::url", G_CALLBACK (note_url), written);

  g_assert_false (uplink_server_list_set_first_url (fixture->list, "http://example.com/", &error));
  g_assert_error (error, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_INVALID_URL);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 0);

  g_assert_true (uplink_server_list_set_first_url (fixture->list, with_token, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);
  first = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  g_object_unref (first);
  wait_for_state (first, UPLINK_STATE_CONNECTED);
  g_assert_true (uplink_test_peer_saw (fixture->peer, "room=42&token=" SECRET_TOKEN));

  single = g_settings_get_string (fixture->settings, "url");
  g_assert_cmpstr (single, ==, expected);
  stored = g_settings_get_string (uplink_server_get_settings (first), "url");
  g_assert_cmpstr (stored, ==, expected);
  g_assert_cmpuint (written->len, >, 0);
  for (guint i = 0; i < written->len; i++)
    g_assert_null (strstr (g_ptr_array_index (written, i), SECRET_TOKEN));
  assert_nowhere_in_settings (SECRET_TOKEN, "room=42");
  g_signal_handlers_disconnect_by_func (fixture->settings, note_url, written);
}

static void
test_secrets_reach_server (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *with_token = uplink_test_peer_url (fixture->peer, "/ws?room=42&token=" SECRET_TOKEN);
  g_autofree char *with_password = g_strdup_printf ("ws://alice:" SECRET_PASSWORD "@127.0.0.1:%u/ws",
                                                    uplink_test_peer_get_port (fixture->peer));
  g_autofree char *stored = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(UplinkCredentials) fresh = uplink_credentials_new ();
  UplinkServer *tokened;
  UplinkServer *passworded;

  fixture->list = uplink_server_list_new (fixture->settings, fixture->credentials);
  tokened = uplink_server_list_add (fixture->list, "Work chat", with_token, &error);
  g_assert_no_error (error);
  passworded = uplink_server_list_add (fixture->list, "Home", with_password, &error);
  g_assert_no_error (error);

  /* The handshakes carry the secrets… */
  wait_for_state (tokened, UPLINK_STATE_CONNECTED);
  g_assert_true (uplink_test_peer_saw (fixture->peer, "room=42&token=" SECRET_TOKEN));
  /* (An address's password is libuplink's to use: the connection has
   * it back.) */
  wait_for_state (passworded, UPLINK_STATE_CONNECTED);
  g_assert_cmpstr (uplink_connection_get_url (uplink_server_get_connection (passworded)), ==, with_password);

  /* …which the settings never hold. */
  stored = g_settings_get_string (uplink_server_get_settings (tokened), "url");
  expected = uplink_test_peer_url (fixture->peer, "/ws?room=42");
  g_assert_cmpstr (stored, ==, expected);
  assert_nowhere_in_settings (SECRET_TOKEN, "room=42");
  assert_nowhere_in_settings (SECRET_PASSWORD, "alice@127.0.0.1");

  /* The keyring has them; without one, only this run does. */
  kept = look_up (fresh, uplink_server_get_id (tokened), UPLINK_CREDENTIAL_URL, &error);
  if (mode == MODE_KEYRING)
    {
      g_assert_no_error (error);
      g_assert_cmpstr (kept, ==, with_token);
      g_assert_null (uplink_server_get_credentials_error (tokened));
      g_assert_true (uplink_credentials_get_keyring_available (fixture->credentials));
    }
  else
    {
      g_assert_null (kept);
      g_assert_error (uplink_server_get_credentials_error (tokened), UPLINK_CREDENTIALS_ERROR,
                      UPLINK_CREDENTIALS_ERROR_NO_KEYRING);
      g_assert_false (uplink_credentials_get_keyring_available (fixture->credentials));
    }
}

typedef struct {
  UplinkCredentials *credentials;
  const char *id;
} SecretWait;

static gboolean
password_gone (gpointer data)
{
  SecretWait *wait = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = look_up (wait->credentials, wait->id, UPLINK_CREDENTIAL_PASSWORD, &error);

  g_assert_no_error (error);
  return kept == NULL;
}

static void
test_password (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = uplink_test_peer_url (fixture->peer, "/ws");
  g_autofree char *kept = NULL;
  UplinkServer *server;

  fixture->list = uplink_server_list_new (fixture->settings, fixture->credentials);
  server = uplink_server_list_add (fixture->list, "Work chat", url, &error);
  g_assert_no_error (error);
  uplink_server_set_password (server, SECRET_PASSWORD);
  wait_for_state (server, UPLINK_STATE_CONNECTED);

  kept = look_up (fixture->credentials, uplink_server_get_id (server), UPLINK_CREDENTIAL_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, SECRET_PASSWORD);
  assert_nowhere_in_settings (SECRET_PASSWORD, "Work chat");

  /* Forgotten with the server. */
  g_object_ref (server);
  uplink_server_list_remove (fixture->list, server);
  {
    SecretWait wait = { fixture->credentials, uplink_server_get_id (server) };

    g_assert_true (uplink_test_wait_until (password_gone, &wait, WAIT_MS));
  }
  g_object_unref (server);
}

typedef struct {
  GSettings *settings;
  const char *url;
} UrlWait;

static gboolean
url_is (gpointer data)
{
  UrlWait *wait = data;
  g_autofree char *url = g_settings_get_string (wait->settings, "url");

  return g_str_equal (url, wait->url);
}

static void
test_migration (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *old_url = uplink_test_peer_url (fixture->peer, "/ws?room=7&token=" SECRET_TOKEN);
  g_autofree char *public_url = uplink_test_peer_url (fixture->peer, "/ws?room=7");
  g_autofree char *other_url = uplink_test_peer_url (fixture->peer, "/other");
  g_autofree char *username = NULL;
  g_autofree char *profile = NULL;
  g_autoptr(UplinkServer) server = NULL;
  GSettings *settings;
  UrlWait scrubbed = { fixture->settings, public_url };
  UrlWait moved = { NULL, public_url };

  /* What a single-server version left. */
  g_settings_set_string (fixture->settings, "url", old_url);
  g_settings_set_string (fixture->settings, "profile", "websocket");
  g_settings_set_string (fixture->settings, "username", "bob");
  g_settings_set_boolean (fixture->settings, "notify-on-throttle", FALSE);

  fixture->list = uplink_server_list_new (fixture->settings, fixture->credentials);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);
  server = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  settings = uplink_server_get_settings (server);
  g_assert_cmpstr (uplink_server_get_name (server), ==, "127.0.0.1");
  profile = g_settings_get_string (settings, "profile");
  g_assert_cmpstr (profile, ==, "websocket");
  username = g_settings_get_string (settings, "username");
  g_assert_cmpstr (username, ==, "bob");
  g_assert_false (g_settings_get_boolean (settings, "notify-on-throttle"));
  g_assert_true (g_settings_get_boolean (settings, "notify-on-disconnect"));

  /* Connected with the token, which is in the keyring (or, without one,
   * this run): the settings keep the address without it, the old key
   * too. */
  wait_for_state (server, UPLINK_STATE_CONNECTED);
  g_assert_true (uplink_test_peer_saw (fixture->peer, "room=7&token=" SECRET_TOKEN));
  moved.settings = settings;
  g_assert_true (uplink_test_wait_until (url_is, &moved, WAIT_MS));
  g_assert_true (uplink_test_wait_until (url_is, &scrubbed, WAIT_MS));
  assert_nowhere_in_settings (SECRET_TOKEN, "room=7");

  /* Once: a restart adds no second server. */
  g_clear_object (&fixture->list);
  fixture->list = uplink_server_list_new (fixture->settings, fixture->credentials);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);

  /* What still sets the old keys sets the first server. */
  g_settings_set_string (fixture->settings, "url", other_url);
  g_settings_set_string (fixture->settings, "username", "carol");
  g_clear_object (&server);
  server = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  moved.settings = uplink_server_get_settings (server);
  moved.url = other_url;
  g_assert_true (uplink_test_wait_until (url_is, &moved, WAIT_MS));
  g_clear_pointer (&username, g_free);
  username = g_settings_get_string (moved.settings, "username");
  g_assert_cmpstr (username, ==, "carol");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);
}

/* --- the window's way in: io.github.uplink.Uplink.Servers ------------------ */

static void keep_result (GObject *source, GAsyncResult *result, gpointer user_data);

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  g_assert_true (uplink_test_wait_until (has_result, result, WAIT_MS));
  return *result;
}

static gboolean
keyring_as_expected (gpointer data)
{
  return uplink_bus_servers_get_keyring_available (data) == (mode == MODE_KEYRING);
}

/* Adds through D-Bus; returns the id, or NULL with the D-Bus error. */
static char *
call_add (UplinkBusServers  *proxy,
          const char        *name,
          const char        *url,
          const char        *password,
          GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  char *id = NULL;

  uplink_bus_servers_call_add_server (proxy, name, url, password, NULL, keep_result, &result);
  if (!uplink_bus_servers_call_add_server_finish (proxy, &id, wait_for_result (&result), error))
    return NULL;
  return id;
}

static void
assert_dbus_error (const GError *error,
                   const char   *name,
                   const char   *message)
{
  g_autofree char *remote = NULL;
  g_autoptr(GError) stripped = NULL;

  g_assert_nonnull (error);
  remote = g_dbus_error_get_remote_error (error);
  g_assert_cmpstr (remote, ==, name);
  stripped = g_error_copy (error);
  g_dbus_error_strip_remote_error (stripped);
  g_assert_cmpstr (stripped->message, ==, message);
}

/* What Preferences do: a server added with a token in its address and a
 * password, refused names and addresses, a rename, a removal. The
 * secrets reach the server and the keyring, never the settings; removal
 * takes them out of the keyring. */
static void
test_server_admin (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(UplinkDbusServerAdmin) admin = uplink_dbus_server_admin_new ();
  g_autoptr(UplinkCredentials) fresh = uplink_credentials_new ();
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(UplinkBusServers) proxy = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = uplink_test_peer_url (fixture->peer, "/ws?room=7&token=" SECRET_TOKEN);
  g_autofree char *id = NULL;
  g_autofree char *kept = NULL;
  UplinkServer *server;

  fixture->list = uplink_server_list_new (fixture->settings, fixture->credentials);
  uplink_dbus_server_admin_set_list (admin, fixture->list, fixture->credentials);
  g_assert_true (uplink_dbus_server_admin_export (admin, bus, &error));
  g_assert_no_error (error);
  uplink_bus_servers_proxy_new (bus, G_DBUS_PROXY_FLAGS_NONE, g_dbus_connection_get_unique_name (bus),
                                APP_OBJECT_PATH, NULL, keep_result, &result);
  proxy = uplink_bus_servers_proxy_new_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);

  id = call_add (proxy, "Work chat", url, SECRET_PASSWORD, &error);
  g_assert_no_error (error);
  server = uplink_server_list_lookup (fixture->list, id);
  g_assert_nonnull (server);
  wait_for_state (server, UPLINK_STATE_CONNECTED);
  g_assert_true (uplink_test_peer_saw (fixture->peer, "room=7&token=" SECRET_TOKEN));
  assert_nowhere_in_settings (SECRET_TOKEN, "room=7");
  assert_nowhere_in_settings (SECRET_PASSWORD, "Work chat");
  /* In the keyring; without one, in this run's memory alone. */
  kept = look_up (fresh, id, UPLINK_CREDENTIAL_PASSWORD, &error);
  g_assert_cmpstr (kept, ==, mode == MODE_KEYRING ? SECRET_PASSWORD : NULL);
  g_clear_error (&error);
  g_clear_pointer (&kept, g_free);
  kept = look_up (fixture->credentials, id, UPLINK_CREDENTIAL_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, SECRET_PASSWORD);
  /* Said to the window, which says it where passwords are typed. */
  g_assert_true (uplink_test_wait_until (keyring_as_expected, proxy, WAIT_MS));

  /* Refused, in words, and nothing changes. */
  g_assert_null (call_add (proxy, "work chat ", url, "", &error));
  assert_dbus_error (error, "io.github.uplink.Uplink.Error.Exists",
                     "There is a server named “work chat” already: choose another name");
  g_clear_error (&error);
  g_assert_null (call_add (proxy, " ", url, "", &error));
  assert_dbus_error (error, "io.github.uplink.Uplink.Error.InvalidArgument", "Enter a name for the server");
  g_clear_error (&error);
  g_assert_null (call_add (proxy, "Home", "http://chat.example.com/", "", &error));
  assert_dbus_error (error, "io.github.uplink.Uplink.Error.InvalidArgument",
                     "The address must start with ws:// or wss://");
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);

  g_clear_object (&result);
  uplink_bus_servers_call_set_address (proxy, id, "ws://chat example.com/", NULL, keep_result, &result);
  g_assert_false (uplink_bus_servers_call_set_address_finish (proxy, wait_for_result (&result), &error));
  assert_dbus_error (error, "io.github.uplink.Uplink.Error.InvalidArgument", "The address cannot contain spaces");
  g_clear_error (&error);
  g_clear_object (&result);
  uplink_bus_servers_call_rename_server (proxy, "0000", "Home", NULL, keep_result, &result);
  g_assert_false (uplink_bus_servers_call_rename_server_finish (proxy, wait_for_result (&result), &error));
  assert_dbus_error (error, "io.github.uplink.Uplink.Error.NotFound", "This server is no longer in the list");
  g_clear_error (&error);
  g_clear_object (&result);
  uplink_bus_servers_call_rename_server (proxy, id, "Home", NULL, keep_result, &result);
  g_assert_true (uplink_bus_servers_call_rename_server_finish (proxy, wait_for_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (uplink_server_get_name (server), ==, "Home");

  /* Removed: out of the list, and its secrets out of the keyring. */
  g_object_ref (server);
  g_clear_object (&result);
  uplink_bus_servers_call_remove_server (proxy, id, NULL, keep_result, &result);
  g_assert_true (uplink_bus_servers_call_remove_server_finish (proxy, wait_for_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 0);
  if (mode == MODE_KEYRING)
    {
      SecretWait wait = { fixture->credentials, id };

      g_assert_true (uplink_test_wait_until (password_gone, &wait, WAIT_MS));
    }
  g_object_unref (server);
  uplink_dbus_server_admin_unexport (admin);
}

/* --- a keyring that does not answer --------------------------------------- */

static gboolean
timed_out (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_slow_keyring (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = uplink_test_peer_url (fixture->peer, "/ws?token=" SECRET_TOKEN);
  gboolean ticked = FALSE;
  UplinkServer *server;

  fixture->list = uplink_server_list_new (fixture->settings, fixture->credentials);
  server = uplink_server_list_add (fixture->list, "Work chat", url, &error);
  g_assert_no_error (error);

  /* Waiting for the keyring blocks nothing: the loop runs, the list can
   * be changed, and the server says it is connecting. */
  g_timeout_add (200, timed_out, &ticked);
  g_assert_true (uplink_test_wait_until (is_true, &ticked, WAIT_MS));
  g_assert_true (uplink_server_list_rename (fixture->list, server, "Work", &error));
  g_assert_no_error (error);
  uplink_server_set_password (server, SECRET_PASSWORD);
  uplink_server_set_paused (server, TRUE);
  uplink_server_set_paused (server, FALSE);
  g_assert_cmpint (uplink_server_get_state (server), ==, UPLINK_STATE_CONNECTING);

  /* Nothing of the secret was written while waiting either. */
  assert_nowhere_in_settings (SECRET_TOKEN, "Work");
}

/* --- the buses ------------------------------------------------------------ */

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
look_up (UplinkCredentials     *credentials,
         const char            *id,
         UplinkCredentialKind   kind,
         GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  uplink_credentials_lookup_async (credentials, id, kind, NULL, keep_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return uplink_credentials_lookup_finish (credentials, result, error);
}

static void
on_name_appeared (GDBusConnection *bus,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Waits for @name to have an owner on the session bus. */
static void
wait_for_name (const char *name)
{
  gboolean appeared = FALSE;
  guint watch = g_bus_watch_name (G_BUS_TYPE_SESSION, name, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                  on_name_appeared, NULL, &appeared, NULL);

  g_assert_true (uplink_test_wait_until (is_true, &appeared, WAIT_MS));
  g_bus_unwatch_name (watch);
}

/* gnome-keyring-daemon, its login keyring created and unlocked with the
 * test password, in folders of the test's own. */
static GSubprocess *
start_keyring (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                                    G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GError) error = NULL;
  GOutputStream *input;
  GSubprocess *daemon;

  daemon = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--foreground",
                                        "--unlock", "--components=secrets", NULL);
  g_assert_no_error (error);
  /* The password ends where its input does. */
  input = g_subprocess_get_stdin_pipe (daemon);
  g_output_stream_write_all (input, KEYRING_PASSWORD, strlen (KEYRING_PASSWORD), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (input, NULL, &error);
  g_assert_no_error (error);
  wait_for_name ("org.freedesktop.secrets");
  return daemon;
}

/* Takes calls and never answers them, as a keyring that waits for
 * something would. */
static const char slow_service_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Secret.Service'>"
  "    <method name='OpenSession'>"
  "      <arg type='s' direction='in'/><arg type='v' direction='in'/>"
  "      <arg type='v' direction='out'/><arg type='o' direction='out'/>"
  "    </method>"
  "    <method name='SearchItems'>"
  "      <arg type='a{ss}' direction='in'/>"
  "      <arg type='ao' direction='out'/><arg type='ao' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static void
hold_call (GDBusConnection       *bus,
           const char            *sender,
           const char            *object_path,
           const char            *interface_name,
           const char            *method_name,
           GVariant              *parameters,
           GDBusMethodInvocation *invocation,
           gpointer               user_data)
{
  g_ptr_array_add (user_data, invocation);
}

static const GDBusInterfaceVTable slow_vtable = { hold_call };

static guint
start_slow_keyring (GDBusConnection *bus,
                    GPtrArray       *held,
                    guint           *owner)
{
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (slow_service_xml, NULL);
  g_autoptr(GError) error = NULL;
  guint registration;

  registration = g_dbus_connection_register_object (bus, "/org/freedesktop/secrets", node->interfaces[0],
                                                    &slow_vtable, held, NULL, &error);
  g_assert_no_error (error);
  *owner = g_bus_own_name_on_connection (bus, "org.freedesktop.secrets", G_BUS_NAME_OWNER_FLAGS_NONE,
                                         NULL, NULL, NULL, NULL);
  wait_for_name ("org.freedesktop.secrets");
  return registration;
}

static void
add_test (const char *path,
          void (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, test, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSubprocess) keyring = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GDBusConnection) slow_bus = NULL;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *home = NULL;
  guint registration = 0;
  guint owner = 0;
  int status;

  /* Its own folders, for the keyfile and the keyring. */
  home = g_dir_make_tmp ("uplink-test-servers-XXXXXX", NULL);
  g_assert_nonnull (home);
  config_dir = g_build_filename (home, "config", NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);

  if (argc > 1 && g_str_equal (argv[1], "no-keyring"))
    mode = MODE_NO_KEYRING;
  else if (argc > 1 && g_str_equal (argv[1], "slow-keyring"))
    mode = MODE_SLOW_KEYRING;
  else
    mode = MODE_KEYRING;

  g_test_init (&argc, &argv, NULL);

  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);

  if (mode == MODE_KEYRING)
    {
      keyring = start_keyring ();
      add_test ("/servers/cancelled-lookup-alone", test_cancelled_lookup_alone);
      g_test_add_func ("/servers/url-split", test_url_split);
      g_test_add_func ("/servers/severity", test_severity);
      g_test_add_func ("/servers/group/together", test_group_together);
      g_test_add_func ("/servers/group/network-loss", test_group_network_loss);
      g_test_add_func ("/servers/group/mixed-and-alone", test_group_mixed_and_alone);
      add_test ("/servers/add-rename-remove", test_add_rename_remove);
      add_test ("/servers/bad-ids", test_bad_ids);
      add_test ("/servers/two-hundred", test_two_hundred);
      add_test ("/servers/worst-state", test_worst_state);
      add_test ("/servers/password", test_password);
    }
  if (mode != MODE_SLOW_KEYRING)
    {
      add_test ("/servers/secrets-reach-server", test_secrets_reach_server);
      add_test ("/servers/first-url", test_first_url);
      add_test ("/servers/migration", test_migration);
      add_test ("/servers/dbus-admin", test_server_admin);
    }
  else
    {
      slow_bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
      registration = start_slow_keyring (slow_bus, held, &owner);
      add_test ("/servers/slow-keyring", test_slow_keyring);
    }

  status = g_test_run ();

  /* What is still waiting for the slow keyring ends, then libsecret,
   * which keeps the bus until told to, lets go of it. */
  for (guint i = 0; i < held->len; i++)
    g_dbus_method_invocation_return_dbus_error (g_object_ref (g_ptr_array_index (held, i)),
                                                "org.freedesktop.DBus.Error.Failed", "The test is over");
  g_ptr_array_set_size (held, 0);
  if (registration != 0)
    g_dbus_connection_unregister_object (slow_bus, registration);
  g_clear_handle_id (&owner, g_bus_unown_name);
  uplink_test_run_for (200);
  secret_service_disconnect ();
  g_clear_object (&slow_bus);
  /* What the bus delivered last is dispatched, not dropped. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (keyring != NULL)
    {
      g_subprocess_force_exit (keyring);
      g_subprocess_wait (keyring, NULL, NULL);
    }
  /* Stopped rather than torn down: libsecret 0.20 keeps references to
   * the bus after secret_service_disconnect() once it has loaded the
   * keyring's collections, which g_test_dbus_down() would wait for in
   * vain. The process ends here anyway. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_dbus_connection_set_exit_on_close (bus, FALSE);
  g_test_dbus_stop (test_bus);
  g_free (config_dir);
  return status;
}
