/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include "uplink-redact.h"

#define REDACTED "***"

static const char * const credential_names[] = {
  "apikey",
  "auth",
  "authorization",
  "credential",
  "credentials",
  "jwt",
  "key",
  "pass",
  "passwd",
  "password",
  "pwd",
  "secret",
  "session",
  "sessionid",
  "sig",
  "signature",
  "token",
};

/* These also cover access_token, refresh_token, id_token, api_key and
 * client_secret. */
static const char * const credential_suffixes[] = {
  "_token",
  "-token",
  "_key",
  "-key",
  "_secret",
  "_password",
};

static gboolean
is_credential_name (const char *name,
                    gsize       length)
{
  g_autofree char *escaped = g_strndup (name, length);
  g_autofree char *unescaped = g_uri_unescape_string (escaped, NULL);
  g_autofree char *folded = NULL;

  /* Only an escaped NUL makes unescaping fail, and no credential name
   * holds one. */
  if (unescaped == NULL)
    return FALSE;

  folded = g_ascii_strdown (unescaped, -1);

  for (gsize i = 0; i < G_N_ELEMENTS (credential_names); i++)
    if (g_str_equal (folded, credential_names[i]))
      return TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (credential_suffixes); i++)
    if (g_str_has_suffix (folded, credential_suffixes[i]))
      return TRUE;

  return FALSE;
}

/* GUri normalises percent-escapes ("%e2" becomes "%E2", "%61" becomes
 * "a"), so the query is cut from the URL as written to keep the other
 * parameters exactly as they were given. No component before the query
 * may hold a '?' or a '#', so the first of them tells whether one
 * follows. */
static char *
dup_raw_query (const char *url)
{
  gsize start = strcspn (url, "?#");

  if (url[start] != '?')
    return NULL;

  url += start + 1;
  return g_strndup (url, strcspn (url, "#"));
}

/* Both '&' and ';' separate parameters: servers accept either, and a
 * value after a ';' must not escape redaction. */
static char *
redact_query (const char *query)
{
  GString *redacted = g_string_sized_new (strlen (query));
  const char *param = query;

  for (;;)
    {
      gsize length = strcspn (param, "&;");
      const char *equals = memchr (param, '=', length);

      if (equals != NULL && is_credential_name (param, equals - param))
        {
          g_string_append_len (redacted, param, equals - param + 1);
          g_string_append (redacted, REDACTED);
        }
      else
        {
          g_string_append_len (redacted, param, length);
        }

      if (param[length] == '\0')
        break;

      g_string_append_c (redacted, param[length]);
      param += length + 1;
    }

  return g_string_free (redacted, FALSE);
}

/**
 * uplink_redact_url:
 * @url: a URL, such as `wss://alice:s3cret@chat.example.com/ws?token=abc`
 *
 * Hides the secrets in a URL so that it can be shown.
 *
 * Uplink shows its server's URL in logs, error messages, tooltips,
 * notifications, on D-Bus and on the command line; none of these may
 * reveal a secret. This function keeps the scheme, user, host, port and
 * path, replaces the password with `***`, and replaces with `***` the
 * value of every query parameter whose name, percent-decoded and compared
 * without regard to case, carries a credential: `token`, `auth`,
 * `authorization`, `key`, `apikey`, `secret`, `password`, `passwd`, `pwd`,
 * `pass`, `signature`, `sig`, `session`, `sessionid`, `jwt`, `credential`,
 * `credentials`, and any name ending in `_token`, `-token`, `_key`, `-key`,
 * `_secret` or `_password`. The other parameters keep their text and
 * their order. The fragment is dropped.
 *
 * For example, `wss://alice:s3cret@chat.example.com/ws?room=42&token=abc#x`
 * becomes `wss://alice:***@chat.example.com/ws?room=42&token=***`.
 *
 * Returns: (transfer full) (nullable): the redacted URL, or `NULL` if @url
 *   cannot be parsed
 *
 * Since: 1.0
 */
char *
uplink_redact_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) redacted = NULL;
  g_autofree char *raw_query = NULL;
  g_autofree char *query = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    return NULL;

  raw_query = dup_raw_query (url);
  if (raw_query != NULL)
    query = redact_query (raw_query);

  redacted = g_uri_build_with_user (g_uri_get_flags (uri),
                                    g_uri_get_scheme (uri),
                                    g_uri_get_user (uri),
                                    g_uri_get_password (uri) != NULL ? REDACTED : NULL,
                                    NULL,
                                    g_uri_get_host (uri),
                                    g_uri_get_port (uri),
                                    g_uri_get_path (uri),
                                    query,
                                    NULL);

  return g_uri_to_string (redacted);
}
