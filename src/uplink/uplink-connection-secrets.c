/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-connection-private.h"
#include "uplink-redact-private.h"

/*
 * What a server says can reach the user (a close reason, a reason phrase,
 * a redirect's Location, a throttle's reason), and a server may echo what
 * the client sent it. Its text is redacted as a URL is, and the client's
 * own secrets are masked wherever they occur.
 */

static GStrv
dup_secrets (UplinkConnection *self)
{
  g_autoptr(GStrvBuilder) secrets = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer value;

  if (self->url != NULL)
    uplink_redact_add_url_secrets (self->url, secrets);

  /* The password of a profile's login (or socket.io's token), which a
   * refusal's message may echo. */
  if (self->password != NULL)
    g_strv_builder_add (secrets, self->password);

  /* Header values are never shown, whatever the header. */
  g_hash_table_iter_init (&iter, self->request_headers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_strv_builder_add (secrets, value);

  return g_strv_builder_end (secrets);
}

char *
uplink_connection_redact_server_text (UplinkConnection *self,
                                      const char       *text)
{
  g_auto(GStrv) secrets = NULL;

  if (text == NULL)
    return NULL;

  secrets = dup_secrets (self);
  return uplink_redact_text (text, (const char * const *) secrets);
}

GError *
uplink_connection_redact_error (UplinkConnection *self,
                                const GError     *error)
{
  g_autofree char *message = uplink_connection_redact_server_text (self, error->message);

  return g_error_new_literal (error->domain, error->code, message);
}
