/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <uplink.h>

#include "uplink-url-secrets.h"

/*
 * A server's address as the user pastes it may carry secrets: a password
 * (wss://alice:s3cret@host/) or a token in the query (?token=abc). The
 * settings keep the address without them; the keyring keeps the address
 * as pasted, and the secrets are added back when Uplink connects.
 *
 * What counts as a secret is libuplink's redaction rule: a query
 * parameter is secret when uplink_redact_url() masks it, so the address
 * stored is exactly what Uplink would show, minus the masked parts.
 */

#define URL_FLAGS (G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED)

/* The query's parameters as written, "&" and ";" alike separating them. */
static GStrv
split_query (GUri *uri)
{
  const char *query = g_uri_get_query (uri);
  g_autoptr(GPtrArray) params = g_ptr_array_new ();

  while (query != NULL && *query != '\0')
    {
      gsize length = strcspn (query, "&;");

      if (length > 0)
        g_ptr_array_add (params, g_strndup (query, length));
      query += length;
      if (*query != '\0')
        query++;
    }

  g_ptr_array_add (params, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&params), FALSE);
}

static char *
param_name (const char *param)
{
  return g_strndup (param, strcspn (param, "="));
}

/* The query parameters of @url (parsed as @uri) that redaction masks;
 * NULL if the redacted address does not parse. */
static GStrv
find_secret_params (const char *url,
                    GUri       *uri)
{
  g_autofree char *redacted_url = uplink_redact_url (url);
  g_autoptr(GUri) redacted = NULL;
  g_auto(GStrv) params = split_query (uri);
  g_auto(GStrv) masked = NULL;
  g_autoptr(GStrvBuilder) secrets = g_strv_builder_new ();

  if (redacted_url == NULL ||
      (redacted = g_uri_parse (redacted_url, URL_FLAGS, NULL)) == NULL)
    return NULL;

  masked = split_query (redacted);
  /* Redaction keeps every parameter in its place; if it ever did not,
   * every parameter counts as secret rather than one slipping through. */
  for (guint i = 0; params[i] != NULL; i++)
    if (g_strv_length (masked) != g_strv_length (params) || !g_str_equal (params[i], masked[i]))
      g_strv_builder_add (secrets, params[i]);

  return g_strv_builder_end (secrets);
}

static char *
build_url (GUri       *uri,
           const char *user,
           const char *password,
           GPtrArray  *params)
{
  g_autofree char *query = NULL;
  g_autoptr(GUri) built = NULL;

  if (params->len > 0)
    {
      g_ptr_array_add (params, NULL);
      query = g_strjoinv ("&", (char **) params->pdata);
      g_ptr_array_remove_index (params, params->len - 1);
    }

  built = g_uri_build_with_user (URL_FLAGS,
                                 g_uri_get_scheme (uri),
                                 user, password, NULL,
                                 g_uri_get_host (uri),
                                 g_uri_get_port (uri),
                                 g_uri_get_path (uri),
                                 query, NULL);
  return g_uri_to_string (built);
}

/**
 * uplink_url_split_secrets:
 * @url: a server address as the user gave it
 * @public_url: (out) (transfer full): the address without its secrets, to
 *   keep in the settings
 * @secret_url: (out) (transfer full) (nullable): @url itself, for the
 *   keyring, or %NULL if it holds no secret
 * @error: why @url is not a server address
 *
 * Splits a server address into what may be stored in the clear and what
 * belongs in the keyring. The fragment is dropped: WebSocket addresses
 * have none that matters.
 *
 * Returns: %TRUE if @url is a ws:// or wss:// address
 */
gboolean
uplink_url_split_secrets (const char  *url,
                          char       **public_url,
                          char       **secret_url,
                          GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_auto(GStrv) secrets = NULL;
  g_auto(GStrv) params = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (public_url != NULL, FALSE);
  g_return_val_if_fail (secret_url != NULL, FALSE);

  if (!uplink_connection_check_url (url, error))
    return FALSE;

  uri = g_uri_parse (url, URL_FLAGS, error);
  if (uri == NULL)
    return FALSE;

  secrets = find_secret_params (url, uri);
  if (secrets == NULL)
    {
      g_set_error_literal (error, G_URI_ERROR, G_URI_ERROR_FAILED,
                           _("The address cannot be read"));
      return FALSE;
    }

  params = split_query (uri);
  for (guint i = 0; params[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) secrets, params[i]))
      g_ptr_array_add (kept, params[i]);

  *public_url = build_url (uri, g_uri_get_user (uri), NULL, kept);
  if (secrets[0] != NULL || g_uri_get_password (uri) != NULL)
    *secret_url = g_strdup (url);
  else
    *secret_url = NULL;

  return TRUE;
}

static gboolean
has_param_named (GPtrArray  *params,
                 const char *name)
{
  for (guint i = 0; i < params->len; i++)
    {
      g_autofree char *other = param_name (params->pdata[i]);

      if (g_str_equal (other, name))
        return TRUE;
    }
  return FALSE;
}

/**
 * uplink_url_join_secrets:
 * @public_url: the address from the settings
 * @secret_url: (nullable): the address as pasted, from the keyring
 *
 * Puts the secrets of @secret_url back into @public_url, which the user
 * may have edited since: the password if the user is still the same, and
 * each secret query parameter that @public_url does not name.
 *
 * Returns: (transfer full): the address to connect to
 */
char *
uplink_url_join_secrets (const char *public_url,
                         const char *secret_url)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) secret = NULL;
  g_auto(GStrv) params = NULL;
  g_auto(GStrv) secrets = NULL;
  g_autoptr(GPtrArray) joined = g_ptr_array_new ();
  const char *password = NULL;

  g_return_val_if_fail (public_url != NULL, NULL);

  if (secret_url == NULL ||
      (uri = g_uri_parse (public_url, URL_FLAGS, NULL)) == NULL ||
      (secret = g_uri_parse (secret_url, URL_FLAGS, NULL)) == NULL ||
      (secrets = find_secret_params (secret_url, secret)) == NULL)
    return g_strdup (public_url);

  params = split_query (uri);
  for (guint i = 0; params[i] != NULL; i++)
    g_ptr_array_add (joined, params[i]);
  for (guint i = 0; secrets[i] != NULL; i++)
    {
      g_autofree char *name = param_name (secrets[i]);

      if (!has_param_named (joined, name))
        g_ptr_array_add (joined, secrets[i]);
    }

  if (g_strcmp0 (g_uri_get_user (uri), g_uri_get_user (secret)) == 0)
    password = g_uri_get_password (secret);

  return build_url (uri, g_uri_get_user (uri), password, joined);
}

/**
 * uplink_url_forget_secret:
 * @secret: (inout) (nullable): a copy of a secret, or of an address with
 *   one, or %NULL
 *
 * Wipes Uplink's own copy of a secret before its memory goes back, and
 * clears the pointer.
 */
void
uplink_url_forget_secret (char **secret)
{
  g_return_if_fail (secret != NULL);

  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}
