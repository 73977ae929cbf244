/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "uplink-test-utils.h"

/* The net suites' fixture, with a server that has a certificate. */
typedef struct
{
  UplinkTestFixture base;
  char *dir;
  char *cert;
  char *key;
} Fixture;

/* A certificate made now, signed by itself, trusted by nobody. */
static void
make_certificate (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  int status;
  const char *argv[] = {
    "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
    "-keyout", fixture->key, "-out", fixture->cert, NULL
  };

  g_spawn_sync (NULL, (char **) argv, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--tls-cert", NULL, "--tls-key", NULL, NULL };

  fixture->dir = g_dir_make_tmp ("uplink-tls-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->cert = g_build_filename (fixture->dir, "cert.pem", NULL);
  fixture->key = g_build_filename (fixture->dir, "key.pem", NULL);
  make_certificate (fixture);

  args[1] = fixture->cert;
  args[3] = fixture->key;
  uplink_test_fixture_set_up_for (&fixture->base, uplink_test_server_new_with_args (args));
  g_assert_true (g_str_has_prefix (fixture->base.server->url, "wss://"));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  uplink_test_fixture_tear_down (&fixture->base, data);
  g_unlink (fixture->cert);
  g_unlink (fixture->key);
  g_rmdir (fixture->dir);
  g_free (fixture->cert);
  g_free (fixture->key);
  g_free (fixture->dir);
}

static void
on_connected (UplinkConnection *connection,
              gboolean         *connected)
{
  *connected = TRUE;
}

/* The wait chosen after the first failure, measured when it is chosen:
 * the test's own loop may take a while to look, under valgrind above all,
 * and by then a later attempt may have failed for another reason. */
static void
on_next_retry (UplinkConnection *connection,
               GParamSpec       *pspec,
               gint64           *wait_us)
{
  if (*wait_us == 0 && uplink_connection_get_next_retry (connection) != 0)
    *wait_us = uplink_connection_get_next_retry (connection) - g_get_monotonic_time ();
}

static void
test_untrusted (Fixture       *fixture,
                gconstpointer  data)
{
  gboolean connected = FALSE;
  gint64 wait_us = 0;

  g_signal_connect (fixture->base.connection, "connected", G_CALLBACK (on_connected), &connected);
  g_signal_connect (fixture->base.connection, "notify::next-retry", G_CALLBACK (on_next_retry), &wait_us);
  uplink_connection_start (fixture->base.connection);

  uplink_test_assert_error (&fixture->base, UPLINK_CONNECTION_ERROR_TLS);
  g_assert_false (connected);
  /* Never accepted silently, and never retried in a hurry. */
  g_assert_cmpint (wait_us, >, (gint64) (uplink_connection_get_backoff_max (fixture->base.connection) - 50) * 1000);
}

static void
test_private_ca (Fixture       *fixture,
                 gconstpointer  data)
{
  uplink_connection_set_tls_ca_file (fixture->base.connection, fixture->cert);
  uplink_test_start_connected (fixture->base.connection);
  g_assert_cmpuint (fixture->base.errors->len, ==, 0);
}

static void
test_unreadable_ca (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.pem", NULL);

  uplink_connection_set_tls_ca_file (fixture->base.connection, missing);
  uplink_connection_start (fixture->base.connection);
  uplink_test_assert_error (&fixture->base, UPLINK_CONNECTION_ERROR_TLS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/tls/untrusted", test_untrusted);
  ADD ("/tls/private-ca", test_private_ca);
  ADD ("/tls/unreadable-ca", test_unreadable_ca);

#undef ADD

  return g_test_run ();
}
