/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gsasl.h>

#include "uplink-connection-private.h"
#include "uplink-error.h"
#include "uplink-xmpp-stanza.h"

/*
 * XMPP over WebSocket (RFC 7395). The stream opens; with a user name and
 * password the client logs in with SASL through libgsasl (SCRAM or PLAIN),
 * restarts the stream and binds a resource, and is connected then; without
 * them, it logs in anonymously where the server offers that, and is
 * otherwise connected once the stream features arrive. It never sends
 * presence: watching a server must not make its user appear online.
 * libsoup's RFC 6455 pings keep watch; the server's XEP-0199 pings are
 * answered.
 *
 * A server ends a stream that never logs in after a while
 * (connection-timeout): that is a session to renew at once, not an
 * outage.
 */

#define NS_FRAMING "urn:ietf:params:xml:ns:xmpp-framing"
#define NS_SASL "urn:ietf:params:xml:ns:xmpp-sasl"
#define NS_BIND "urn:ietf:params:xml:ns:xmpp-bind"
#define BIND_ID "uplink-bind"
/* A SASL exchange takes two or three round trips; a server that keeps
 * challenging is not logging anyone in. */
#define MAX_CHALLENGES 8

typedef enum {
  STAGE_FEATURES,   /* waiting for the first stream features */
  STAGE_SASL,       /* authenticating */
  STAGE_RESTARTED,  /* logged in; waiting for the new stream's features */
  STAGE_BINDING,    /* resource bind sent */
  STAGE_UP,
} Stage;

typedef struct
{
  UplinkProfileSession parent;
  Stage stage;
  char *domain;
  Gsasl *sasl;
  Gsasl_session *sasl_session;
  guint challenges;
  gboolean logged_in;
} XmppSession;

/* The mechanisms we offer to use, strongest first; libgsasl picks. */
static const char * const usable_mechanisms[] = {
  "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", NULL
};

static void
send_text (XmppSession *self,
           const char  *text)
{
  soup_websocket_connection_send_text (self->parent.connection->socket, text);
}

static void
fail (XmppSession           *self,
      UplinkConnectionError  code,
      const char            *message)
{
  uplink_connection_fail (self->parent.connection, code, message);
}

/* "user@domain": the domain is the JID's; without one, the URL's host. */
static char *
stream_domain (UplinkConnection *connection)
{
  const char *at = connection->username != NULL ? strchr (connection->username, '@') : NULL;
  g_autoptr(GUri) uri = NULL;

  if (at != NULL)
    return g_strdup (at + 1);

  uri = g_uri_parse (connection->url, SOUP_HTTP_URI_FLAGS, NULL);
  return g_strdup (uri != NULL ? g_uri_get_host (uri) : "localhost");
}

static char *
local_part (const char *username)
{
  const char *at = strchr (username, '@');

  return at != NULL ? g_strndup (username, at - username) : g_strdup (username);
}

static void
open_stream (XmppSession *self)
{
  g_autofree char *open = g_markup_printf_escaped ("<open xmlns=\"" NS_FRAMING "\" to=\"%s\" version=\"1.0\"/>",
                                                   self->domain);

  send_text (self, open);
}

static void
xmpp_open (UplinkProfileSession *session)
{
  XmppSession *self = (XmppSession *) session;

  self->domain = stream_domain (session->connection);
  open_stream (self);
}

static gboolean
offers (const UplinkXmppElement *mechanisms,
        const char              *name)
{
  for (guint i = 0; mechanisms != NULL && i < mechanisms->children->len; i++)
    {
      UplinkXmppElement *mechanism = g_ptr_array_index (mechanisms->children, i);

      if (strcmp (mechanism->name, "mechanism") == 0 && strcmp (mechanism->text->str, name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Sends the next SASL message, @tag with libgsasl's answer to @input
 * (base64, "" for none); "=" stands for an empty answer (RFC 6120). */
static gboolean
sasl_step (XmppSession *self,
           const char  *input,
           const char  *tag,
           const char  *mechanism)
{
  g_autofree char *message = NULL;
  char *output = NULL;
  int status = gsasl_step64 (self->sasl_session, input, &output);

  if (status != GSASL_OK && status != GSASL_NEEDS_MORE)
    {
      g_autofree char *text = g_strdup_printf (_("The XMPP login failed: %s"), gsasl_strerror (status));

      fail (self, UPLINK_CONNECTION_ERROR_PROTOCOL, text);
      return FALSE;
    }

  if (mechanism != NULL)
    message = g_strdup_printf ("<%s xmlns=\"" NS_SASL "\" mechanism=\"%s\">%s</%s>",
                               tag, mechanism, *output != '\0' ? output : "=", tag);
  else
    message = g_strdup_printf ("<%s xmlns=\"" NS_SASL "\">%s</%s>",
                               tag, *output != '\0' ? output : "=", tag);
  gsasl_free (output);
  send_text (self, message);
  return TRUE;
}

static void
start_sasl (XmppSession             *self,
            const UplinkXmppElement *mechanisms)
{
  UplinkConnection *connection = self->parent.connection;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) usable = NULL;
  g_autofree char *list = NULL;
  g_autofree char *user = NULL;
  const char *mechanism;

  if (connection->password != NULL)
    {
      for (guint i = 0; usable_mechanisms[i] != NULL; i++)
        if (offers (mechanisms, usable_mechanisms[i]))
          g_strv_builder_add (builder, usable_mechanisms[i]);
    }
  else
    g_strv_builder_add (builder, "ANONYMOUS");
  usable = g_strv_builder_end (builder);
  list = g_strjoinv (" ", usable);

  if (gsasl_init (&self->sasl) != GSASL_OK ||
      (mechanism = gsasl_client_suggest_mechanism (self->sasl, list)) == NULL ||
      gsasl_client_start (self->sasl, mechanism, &self->sasl_session) != GSASL_OK)
    {
      fail (self, UPLINK_CONNECTION_ERROR_AUTH,
            _("The XMPP server offers no login method that Uplink can use"));
      return;
    }

  if (connection->password != NULL)
    {
      user = local_part (connection->username != NULL ? connection->username : "");
      gsasl_property_set (self->sasl_session, GSASL_AUTHID, user);
      gsasl_property_set (self->sasl_session, GSASL_PASSWORD, connection->password);
    }
  else
    gsasl_property_set (self->sasl_session, GSASL_ANONYMOUS_TOKEN, "uplink");

  self->stage = STAGE_SASL;
  sasl_step (self, "", "auth", mechanism);
}

static void
bind_resource (XmppSession *self)
{
  self->stage = STAGE_BINDING;
  send_text (self, "<iq xmlns=\"jabber:client\" type=\"set\" id=\"" BIND_ID "\"><bind xmlns=\"" NS_BIND "\"/></iq>");
}

static void
handle_features (XmppSession             *self,
                 const UplinkXmppElement *features)
{
  UplinkConnection *connection = self->parent.connection;
  UplinkXmppElement *mechanisms = uplink_xmpp_get_child (features, "mechanisms");

  if (self->stage == STAGE_RESTARTED)
    {
      bind_resource (self);
      return;
    }
  if (self->stage != STAGE_FEATURES)
    return;

  if (connection->password != NULL || offers (mechanisms, "ANONYMOUS"))
    {
      start_sasl (self, mechanisms);
      return;
    }

  /* Nothing to log in with: the open stream is the session. */
  self->stage = STAGE_UP;
  uplink_connection_session_up (connection);
}

static void
handle_success (XmppSession             *self,
                const UplinkXmppElement *success)
{
  char *output = NULL;
  int status;

  if (self->stage != STAGE_SASL)
    return;

  /* SCRAM's success carries the server's proof, which libgsasl checks. */
  status = gsasl_step64 (self->sasl_session, success->text->str, &output);
  gsasl_free (output);
  if (status != GSASL_OK)
    {
      fail (self, UPLINK_CONNECTION_ERROR_PROTOCOL,
            _("The XMPP server could not prove that it knows the password"));
      return;
    }

  self->logged_in = TRUE;
  self->stage = STAGE_RESTARTED;
  open_stream (self);
}

static void
handle_challenge (XmppSession             *self,
                  const UplinkXmppElement *challenge)
{
  if (self->stage != STAGE_SASL)
    return;

  if (++self->challenges > MAX_CHALLENGES)
    {
      fail (self, UPLINK_CONNECTION_ERROR_PROTOCOL, _("The XMPP server’s login never ends"));
      return;
    }
  sasl_step (self, challenge->text->str, "response", NULL);
}

/* A condition and, where the server gave one, its text. */
static char *
describe_condition (UplinkConnection        *connection,
                    const UplinkXmppElement *element,
                    const char             **condition)
{
  UplinkXmppElement *text = uplink_xmpp_get_child (element, "text");
  UplinkXmppElement *first = NULL;

  for (guint i = 0; i < element->children->len && first == NULL; i++)
    {
      UplinkXmppElement *child = g_ptr_array_index (element->children, i);

      if (strcmp (child->name, "text") != 0)
        first = child;
    }
  *condition = first != NULL ? first->name : "undefined-condition";

  if (text != NULL && text->text->len > 0)
    {
      g_autofree char *said = uplink_connection_redact_server_text (connection, text->text->str);

      return g_strdup_printf ("%s: %s", *condition, said);
    }
  return g_strdup (*condition);
}

static void
handle_failure (XmppSession             *self,
                const UplinkXmppElement *failure)
{
  const char *condition;
  g_autofree char *described = describe_condition (self->parent.connection, failure, &condition);
  g_autofree char *message = g_strdup_printf (_("The XMPP server refused the login (%s)"), described);

  fail (self, UPLINK_CONNECTION_ERROR_AUTH, message);
}

static void
handle_stream_error (XmppSession             *self,
                     const UplinkXmppElement *error)
{
  UplinkConnection *connection = self->parent.connection;
  const char *condition;
  g_autofree char *described = describe_condition (connection, error, &condition);
  g_autofree char *message = NULL;

  if (strcmp (condition, "connection-timeout") == 0 && !self->logged_in)
    {
      uplink_connection_renew (connection);
      return;
    }

  message = g_strdup_printf (_("The XMPP server ended the stream (%s)"), described);
  fail (self, strcmp (condition, "not-authorized") == 0 ? UPLINK_CONNECTION_ERROR_AUTH
                                                        : UPLINK_CONNECTION_ERROR_REJECTED,
        message);
}

static void
handle_iq (XmppSession             *self,
           const UplinkXmppElement *iq)
{
  const char *type = uplink_xmpp_get_attribute (iq, "type");
  const char *id = uplink_xmpp_get_attribute (iq, "id");
  const char *from = uplink_xmpp_get_attribute (iq, "from");
  g_autofree char *answer = NULL;

  if (self->stage == STAGE_BINDING && g_strcmp0 (id, BIND_ID) == 0)
    {
      if (g_strcmp0 (type, "result") != 0)
        {
          fail (self, UPLINK_CONNECTION_ERROR_REJECTED, _("The XMPP server refused to bind a resource"));
          return;
        }
      self->stage = STAGE_UP;
      uplink_connection_session_up (self->parent.connection);
      return;
    }

  /* XEP-0199: the server asks whether we are still there. */
  if (g_strcmp0 (type, "get") == 0 && uplink_xmpp_get_child (iq, "ping") != NULL && id != NULL)
    {
      answer = from != NULL
        ? g_markup_printf_escaped ("<iq xmlns=\"jabber:client\" type=\"result\" id=\"%s\" to=\"%s\"/>", id, from)
        : g_markup_printf_escaped ("<iq xmlns=\"jabber:client\" type=\"result\" id=\"%s\"/>", id);
      send_text (self, answer);
    }
}

static void
xmpp_text (UplinkProfileSession *session,
           const char           *text,
           gsize                 length)
{
  XmppSession *self = (XmppSession *) session;
  g_autoptr(UplinkXmppElement) element = NULL;
  g_autoptr(GError) error = NULL;

  element = uplink_xmpp_parse (text, length, &error);
  if (element == NULL)
    {
      fail (self, error->code, error->message);
      return;
    }

  if (strcmp (element->name, "features") == 0)
    handle_features (self, element);
  else if (strcmp (element->name, "challenge") == 0)
    handle_challenge (self, element);
  else if (strcmp (element->name, "success") == 0)
    handle_success (self, element);
  else if (strcmp (element->name, "failure") == 0)
    handle_failure (self, element);
  else if (strcmp (element->name, "error") == 0)
    handle_stream_error (self, element);
  else if (strcmp (element->name, "close") == 0)
    uplink_connection_session_ended (session->connection);
  else if (strcmp (element->name, "iq") == 0)
    handle_iq (self, element);
  else if (strcmp (element->name, "open") != 0)
    uplink_connection_emit_message (session->connection, text);
}

static void
xmpp_stop (UplinkProfileSession *session)
{
  send_text ((XmppSession *) session, "<close xmlns=\"" NS_FRAMING "\"/>");
}

static void
xmpp_clear (UplinkProfileSession *session)
{
  XmppSession *self = (XmppSession *) session;

  g_clear_pointer (&self->sasl_session, gsasl_finish);
  g_clear_pointer (&self->sasl, gsasl_done);
  g_free (self->domain);
}

const UplinkProfileClass uplink_profile_xmpp_class = {
  .profile = UPLINK_PROFILE_XMPP,
  .subprotocol = "xmpp",
  .session_size = sizeof (XmppSession),
  .open = xmpp_open,
  .text = xmpp_text,
  .stop = xmpp_stop,
  .clear = xmpp_clear,
};
