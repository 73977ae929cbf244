/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include "uplink-redact.h"
#include "uplink-redact-private.h"

#define REDACTED "***"

static const char * const credential_names[] = {
  "auth",
  "authorization",
  "code",
  "credential",
  "credentials",
  "jwt",
  "pass",
  "passwd",
  "password",
  "pwd",
  "session",
  "sessionid",
  "sig",
  "x-amz-credential",
};

/* Any name ending in one of these: token, access_token, apikey, api_key,
 * x-amz-signature, client_secret, db_password. */
static const char * const credential_suffixes[] = {
  "token",
  "secret",
  "signature",
  "key",
  "_password",
  "-password",
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
 * without regard to case, carries a credential: `auth`, `authorization`,
 * `code`, `credential`, `credentials`, `jwt`, `pass`, `passwd`,
 * `password`, `pwd`, `session`, `sessionid`, `sig`, `X-Amz-Credential`,
 * and any name ending in `token`, `secret`, `signature`, `key`,
 * `_password` or `-password` (so `apikey`, `api_key`, `access_token` and
 * `X-Amz-Signature` too). The other parameters keep their text and
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

/* Masks every occurrence of @secret in @text. */
static void
mask_secret (GString    *text,
             const char *secret)
{
  gsize length = strlen (secret);
  char *found;
  gsize from = 0;

  while ((found = strstr (text->str + from, secret)) != NULL)
    {
      gsize at = found - text->str;

      g_string_erase (text, at, length);
      g_string_insert (text, at, REDACTED);
      from = at + strlen (REDACTED);
    }
}

/* A close reason holds 123 bytes at most, so a server that echoes a
 * secret may cut it short: a word that ends in the start of one is masked
 * too. */
static void
mask_cut_secret (GString    *text,
                 const char *secret)
{
  for (gsize length = MIN (strlen (secret) - 1, text->len); length >= UPLINK_REDACT_MIN_SECRET; length--)
    if (strncmp (text->str + text->len - length, secret, length) == 0)
      {
        g_string_truncate (text, text->len - length);
        g_string_append (text, REDACTED);
        return;
      }
}

/* A word of free text that looks like a URL gets the URL's redaction; one
 * that holds `name=value` pairs, the query's. */
static char *
redact_word (const char *word)
{
  char *redacted = NULL;

  if (strstr (word, "://") != NULL)
    redacted = uplink_redact_url (word);
  if (redacted == NULL && strchr (word, '=') != NULL)
    redacted = redact_query (word);
  return redacted != NULL ? redacted : g_strdup (word);
}

#define WORD_SEPARATORS " \t\r\n\"'<>()[]{},"

/*
 * uplink_redact_text:
 * @text: text a server sent: a close reason, a reason phrase, a Location
 * @secrets: (nullable): the client's own secrets, to mask wherever they
 *   occur
 *
 * Gives text from a server the redaction URLs get: URLs in it are
 * redacted, credential parameters (`token=…`) masked, and so is every
 * secret in @secrets, since a server may echo any of them back.
 *
 * Returns: (transfer full): the redacted text
 */
char *
uplink_redact_text (const char         *text,
                    const char * const *secrets)
{
  GString *redacted = g_string_sized_new (strlen (text));
  const char *rest = text;

  while (*rest != '\0')
    {
      gsize separators = strspn (rest, WORD_SEPARATORS);
      gsize length = strcspn (rest + separators, WORD_SEPARATORS);
      g_autofree char *word = g_strndup (rest + separators, length);
      g_autofree char *word_redacted = redact_word (word);
      g_autoptr(GString) redacted_word = g_string_new (word_redacted);

      for (gsize i = 0; secrets != NULL && secrets[i] != NULL; i++)
        if (strlen (secrets[i]) >= UPLINK_REDACT_MIN_SECRET)
          mask_cut_secret (redacted_word, secrets[i]);
      g_string_append_len (redacted, rest, separators);
      g_string_append_len (redacted, redacted_word->str, redacted_word->len);
      rest += separators + length;
    }

  for (gsize i = 0; secrets != NULL && secrets[i] != NULL; i++)
    if (strlen (secrets[i]) >= UPLINK_REDACT_MIN_SECRET)
      mask_secret (redacted, secrets[i]);

  return g_string_free (redacted, FALSE);
}

/* Adds @secret as written and, when escapes change it, as meant. */
static void
add_secret (GStrvBuilder *secrets,
            const char   *secret,
            gsize         length)
{
  g_autofree char *escaped = g_strndup (secret, length);
  g_autofree char *unescaped = g_uri_unescape_string (escaped, NULL);

  g_strv_builder_add (secrets, escaped);
  if (unescaped != NULL && !g_str_equal (unescaped, escaped))
    g_strv_builder_add (secrets, unescaped);
}

/*
 * uplink_redact_add_url_secrets:
 * @url: a URL
 * @secrets: where to add them
 *
 * Adds the secrets that uplink_redact_url() hides in @url: the password
 * and the values of credential parameters.
 */
void
uplink_redact_add_url_secrets (const char   *url,
                               GStrvBuilder *secrets)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *query = NULL;
  const char *param;

  if (uri == NULL)
    return;

  if (g_uri_get_password (uri) != NULL)
    add_secret (secrets, g_uri_get_password (uri), strlen (g_uri_get_password (uri)));

  query = dup_raw_query (url);
  for (param = query; param != NULL && *param != '\0';)
    {
      gsize length = strcspn (param, "&;");
      const char *equals = memchr (param, '=', length);

      if (equals != NULL && is_credential_name (param, equals - param))
        add_secret (secrets, equals + 1, param + length - equals - 1);
      param += length + (param[length] != '\0');
    }
}
