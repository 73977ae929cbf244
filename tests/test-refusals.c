/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-test-utils.h"

/* The net suites' fixture, and when each attempt began. */
typedef struct
{
  UplinkTestFixture base;
  GArray *connecting_times;
} Fixture;

static void
on_connecting (UplinkConnection *connection,
               Fixture          *fixture)
{
  gint64 now = g_get_monotonic_time ();

  g_array_append_val (fixture->connecting_times, now);
}

/* Points the fixture at @url, with a new connection whose attempts count. */
static void
connect_to (Fixture    *fixture,
            const char *url)
{
  uplink_test_fixture_connect_to (&fixture->base, url);
  g_signal_connect (fixture->base.connection, "connecting", G_CALLBACK (on_connecting), fixture);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  uplink_test_fixture_set_up (&fixture->base, data);
  fixture->connecting_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (fixture->base.connection, "connecting", G_CALLBACK (on_connecting), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  uplink_test_fixture_tear_down (&fixture->base, data);
  g_array_unref (fixture->connecting_times);
}

static void
reject (Fixture    *fixture,
        const char *query)
{
  g_autofree char *path = g_strconcat ("/control/reject?", query, NULL);

  g_free (uplink_test_server_control (fixture->base.server, path, ""));
}

static void
test_auth (Fixture       *fixture,
           gconstpointer  data)
{
  reject (fixture, "status=401&count=1");
  uplink_connection_start (fixture->base.connection);

  uplink_test_assert_error (&fixture->base, UPLINK_CONNECTION_ERROR_AUTH);
  g_assert_cmpint (uplink_connection_get_state (fixture->base.connection), ==, UPLINK_STATE_DISCONNECTED);
  g_assert_cmpint (uplink_connection_get_next_retry (fixture->base.connection), ==, 0);

  /* No hammering: nothing more until the user acts. */
  uplink_test_run_for (5000);
  g_assert_cmpuint (uplink_test_server_stat (fixture->base.server, "handshakes"), ==, 1);
  g_assert_cmpuint (fixture->connecting_times->len, ==, 1);

  uplink_connection_reconnect_now (fixture->base.connection);
  g_assert_true (uplink_test_wait_for_state (fixture->base.connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
  g_assert_cmpuint (uplink_test_server_stat (fixture->base.server, "handshakes"), ==, 2);
}

static void
test_auth_new_header (Fixture       *fixture,
                      gconstpointer  data)
{
  reject (fixture, "status=403&count=1");
  uplink_connection_start (fixture->base.connection);
  uplink_test_assert_error (&fixture->base, UPLINK_CONNECTION_ERROR_AUTH);

  uplink_connection_set_request_header (fixture->base.connection, "Authorization", "Bearer new");
  g_assert_true (uplink_test_wait_for_state (fixture->base.connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
}

static void
assert_waited (Fixture *fixture,
               gint64   at_least_us)
{
  gint64 first, second;

  g_assert_true (uplink_test_wait_for_state (fixture->base.connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
  g_assert_cmpuint (fixture->connecting_times->len, ==, 2);
  first = g_array_index (fixture->connecting_times, gint64, 0);
  second = g_array_index (fixture->connecting_times, gint64, 1);
  g_assert_cmpint (second - first, >=, at_least_us);
}

static void
test_retry_after_seconds (Fixture       *fixture,
                          gconstpointer  data)
{
  reject (fixture, "status=429&count=1&retry_after=2");
  uplink_connection_start (fixture->base.connection);

  uplink_test_assert_error (&fixture->base, UPLINK_CONNECTION_ERROR_RATE_LIMITED);
  assert_waited (fixture, 2 * G_USEC_PER_SEC);
}

static void
test_retry_after_date (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 3);
  g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);
  g_autofree char *escaped = g_uri_escape_string (date, NULL, FALSE);
  g_autofree char *query = g_strconcat ("status=503&count=1&retry_after=", escaped, NULL);

  reject (fixture, query);
  uplink_connection_start (fixture->base.connection);

  uplink_test_assert_error (&fixture->base, UPLINK_CONNECTION_ERROR_RATE_LIMITED);
  /* HTTP dates have whole seconds: at least two of the three remain. */
  assert_waited (fixture, 2 * G_USEC_PER_SEC);
}

static void
test_other_status (Fixture       *fixture,
                   gconstpointer  data)
{
  reject (fixture, "status=500&count=2");
  uplink_connection_start (fixture->base.connection);

  uplink_test_assert_error (&fixture->base, UPLINK_CONNECTION_ERROR_REJECTED);
  g_assert_true (uplink_test_wait_for_state (fixture->base.connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
  g_assert_cmpuint (fixture->base.errors->len, ==, 2);
  g_assert_cmpuint (uplink_test_server_stat (fixture->base.server, "rejected"), ==, 2);
}

static void
test_unreachable_url (Fixture       *fixture,
                      gconstpointer  data)
{
  connect_to (fixture, data);
  uplink_connection_start (fixture->base.connection);

  uplink_test_assert_error (&fixture->base, UPLINK_CONNECTION_ERROR_UNREACHABLE);
  g_assert_cmpint (uplink_connection_get_state (fixture->base.connection), ==, UPLINK_STATE_DISCONNECTED);
  g_assert_cmpint (uplink_connection_get_next_retry (fixture->base.connection), >, 0);
  g_assert_cmpuint (uplink_connection_get_attempt (fixture->base.connection), ==, 1);
}

static void
test_refused_port (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/ws", uplink_test_free_port ());

  test_unreachable_url (fixture, url);
}

static void
test_invalid_url (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *url = data;

  connect_to (fixture, url);
  uplink_connection_start (fixture->base.connection);

  uplink_test_assert_error (&fixture->base, UPLINK_CONNECTION_ERROR_INVALID_URL);
  g_assert_cmpint (uplink_connection_get_state (fixture->base.connection), ==, UPLINK_STATE_DISCONNECTED);
  g_assert_cmpint (uplink_connection_get_next_retry (fixture->base.connection), ==, 0);

  uplink_test_run_for (500);
  g_assert_cmpuint (fixture->base.errors->len, ==, 1);
  g_assert_cmpuint (fixture->connecting_times->len, ==, 0);
}

static void
test_null_arguments (void)
{
  g_test_expect_message ("Uplink", G_LOG_LEVEL_CRITICAL, "*url != NULL*");
  g_assert_null (uplink_connection_new (NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Uplink", G_LOG_LEVEL_CRITICAL, "*UPLINK_IS_CONNECTION*");
  g_assert_null (uplink_connection_get_status (NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Uplink", G_LOG_LEVEL_CRITICAL, "*UPLINK_IS_CONNECTION*");
  uplink_connection_start (NULL);
  g_test_assert_expected_messages ();
}

static void
test_null_listener (void)
{
  g_autoptr(UplinkConnection) connection = uplink_connection_new ("ws://127.0.0.1:1/");

  g_test_expect_message ("Uplink", G_LOG_LEVEL_CRITICAL, "*UPLINK_IS_CONNECTION_LISTENER*");
  uplink_connection_add_listener (connection, "id", NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Uplink", G_LOG_LEVEL_CRITICAL, "*id != NULL*");
  g_assert_false (uplink_connection_remove_listener (connection, NULL));
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/refusals/auth/401", NULL, test_auth);
  ADD ("/refusals/auth/new-header", NULL, test_auth_new_header);
  ADD ("/refusals/retry-after/seconds", NULL, test_retry_after_seconds);
  ADD ("/refusals/retry-after/date", NULL, test_retry_after_date);
  ADD ("/refusals/other-status", NULL, test_other_status);
  ADD ("/refusals/refused-port", NULL, test_refused_port);
  ADD ("/refusals/unknown-host", "ws://nonexistent.invalid/", test_unreachable_url);
  ADD ("/refusals/invalid-url/http", "http://example.com/", test_invalid_url);
  ADD ("/refusals/invalid-url/garbage", "not a url at all", test_invalid_url);
  ADD ("/refusals/invalid-url/no-host", "ws:///path", test_invalid_url);
  g_test_add_func ("/refusals/null-arguments", test_null_arguments);
  g_test_add_func ("/refusals/null-listener", test_null_listener);

#undef ADD

  return g_test_run ();
}
