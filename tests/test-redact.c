/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include <uplink.h>

/* Every secret in the cases below is spelled with this, so that a leak
 * shows whatever the expected text says. */
#define SECRET "s3cr3t"

typedef struct {
  const char *url;
  const char *redacted;
} RedactCase;

static void
check_cases (const RedactCase *cases,
             gsize             n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *redacted = uplink_redact_url (cases[i].url);

      g_test_message ("%s", cases[i].url);
      g_assert_cmpstr (redacted, ==, cases[i].redacted);
      if (redacted != NULL)
        g_assert_null (strstr (redacted, SECRET));
    }
}

static void
test_redact_password (void)
{
  const RedactCase cases[] = {
    { "wss://alice:" SECRET "@chat.example.com/ws", "wss://alice:***@chat.example.com/ws" },
    { "ws://alice:" SECRET "@localhost:8080/", "ws://alice:***@localhost:8080/" },
    { "wss://alice:p%40" SECRET "%3A@chat.example.com/", "wss://alice:***@chat.example.com/" },
    { "wss://alice:" SECRET ":more@chat.example.com/", "wss://alice:***@chat.example.com/" },
    { "wss://:" SECRET "@chat.example.com/", "wss://:***@chat.example.com/" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_redact_user_kept (void)
{
  const RedactCase cases[] = {
    { "wss://alice@chat.example.com/ws", "wss://alice@chat.example.com/ws" },
    { "wss://alice@chat.example.com:8443/ws?room=1", "wss://alice@chat.example.com:8443/ws?room=1" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_redact_credential_names (void)
{
  const char *names[] = {
    "token", "access_token", "refresh_token", "id_token", "auth",
    "authorization", "key", "api_key", "apikey", "secret", "client_secret",
    "password", "passwd", "pwd", "pass", "signature", "sig", "session",
    "sessionid", "jwt", "credential", "credentials",
    "csrf_token", "x-token", "stripe_key", "x-api-key", "app_secret",
    "db_password", "X-Amz-Signature", "X-Amz-Credential", "code",
    "mytoken", "clientsecret", "hmacsignature", "pubkey",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *url = g_strdup_printf ("wss://h/ws?room=1&%s=" SECRET "&lang=en", names[i]);
      g_autofree char *expected = g_strdup_printf ("wss://h/ws?room=1&%s=***&lang=en", names[i]);
      const RedactCase redact_case = { url, expected };

      check_cases (&redact_case, 1);
    }
}

static void
test_redact_names_folded (void)
{
  const RedactCase cases[] = {
    { "wss://h/?Token=" SECRET, "wss://h/?Token=***" },
    { "wss://h/?ACCESS_TOKEN=" SECRET, "wss://h/?ACCESS_TOKEN=***" },
    { "wss://h/?X-Api-Key=" SECRET, "wss://h/?X-Api-Key=***" },
    { "wss://h/?%74oken=" SECRET, "wss://h/?%74oken=***" },
    { "wss://h/?access%5Ftoken=" SECRET, "wss://h/?access%5Ftoken=***" },
    { "wss://h/?%50ass%57ord=" SECRET, "wss://h/?%50ass%57ord=***" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_redact_other_params_kept (void)
{
  const RedactCase cases[] = {
    { "wss://h/ws?room=a%2fb+c&token=" SECRET "&lang=%e2%9c%93&flag&=v&a==b&%61=%61",
      "wss://h/ws?room=a%2fb+c&token=***&lang=%e2%9c%93&flag&=v&a==b&%61=%61" },
    { "wss://h/ws?keyboard=1&tokens=3&passage=4&author=5&signup=6&codec=7",
      "wss://h/ws?keyboard=1&tokens=3&passage=4&author=5&signup=6&codec=7" },
    /* Any name that ends in "key" may hold one. */
    { "wss://h/ws?monkey=" SECRET, "wss://h/ws?monkey=***" },
    { "wss://h/ws?a=1&token=" SECRET "&a=2&token=" SECRET "2",
      "wss://h/ws?a=1&token=***&a=2&token=***" },
    { "wss://h/ws?a=1;token=" SECRET ";b=2", "wss://h/ws?a=1;token=***;b=2" },
    { "wss://h/ws?token=" SECRET "=" SECRET "&x=1", "wss://h/ws?token=***&x=1" },
    { "wss://h/ws?token=", "wss://h/ws?token=***" },
    { "wss://h/ws?token", "wss://h/ws?token" },
    { "wss://h/ws?&&", "wss://h/ws?&&" },
    { "wss://h/ws?", "wss://h/ws?" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_redact_hosts_and_ports (void)
{
  const RedactCase cases[] = {
    { "ws://[::1]:8080/ws?token=" SECRET, "ws://[::1]:8080/ws?token=***" },
    { "wss://bob:" SECRET "@[2001:db8::1]/ws", "wss://bob:***@[2001:db8::1]/ws" },
    { "ws://127.0.0.1:0/ws", "ws://127.0.0.1:0/ws" },
    { "wss://chat.example.com:443/ws", "wss://chat.example.com:443/ws" },
    { "ws://localhost:65535", "ws://localhost:65535" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_redact_no_query (void)
{
  const RedactCase cases[] = {
    { "wss://chat.example.com/ws", "wss://chat.example.com/ws" },
    { "wss://chat.example.com", "wss://chat.example.com" },
    { "wss://chat.example.com/a/b/c", "wss://chat.example.com/a/b/c" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_redact_fragment_dropped (void)
{
  const RedactCase cases[] = {
    { "wss://h/ws?x=1#token=" SECRET, "wss://h/ws?x=1" },
    { "wss://h/ws#" SECRET, "wss://h/ws" },
    { "wss://h/ws#a?token=" SECRET, "wss://h/ws" },
    { "wss://h/#", "wss://h/" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_redact_unparsable (void)
{
  const char *urls[] = {
    "",
    "not a url",
    "/ws?token=" SECRET,
    "ws://h:99999/ws",
    "ws://[::1/ws",
    "ws://[zz]/ws",
    "ws://h/ws?token=%zz" SECRET,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_test_message ("%s", urls[i]);
      g_assert_null (uplink_redact_url (urls[i]));
    }
}

static void
test_redact_null (void)
{
  g_test_expect_message ("Uplink", G_LOG_LEVEL_CRITICAL, "*url != NULL*");
  g_assert_null (uplink_redact_url (NULL));
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/redact/password", test_redact_password);
  g_test_add_func ("/redact/user-kept", test_redact_user_kept);
  g_test_add_func ("/redact/credential-names", test_redact_credential_names);
  g_test_add_func ("/redact/names-folded", test_redact_names_folded);
  g_test_add_func ("/redact/other-params-kept", test_redact_other_params_kept);
  g_test_add_func ("/redact/hosts-and-ports", test_redact_hosts_and_ports);
  g_test_add_func ("/redact/no-query", test_redact_no_query);
  g_test_add_func ("/redact/fragment-dropped", test_redact_fragment_dropped);
  g_test_add_func ("/redact/unparsable", test_redact_unparsable);
  g_test_add_func ("/redact/null", test_redact_null);

  return g_test_run ();
}
