/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "uplink-connection-private.h"
#include "uplink-enums.h"
#include "uplink-error.h"

/*
 * Between the socket and the server profile: which profile an attempt
 * uses, what it offers, and the calls into the profile's hooks. A hook
 * may end the session it belongs to (a refused login reports an error,
 * whose listeners may stop the connection); the session is then kept
 * until the hook returns.
 */

static const char *
profile_nick (UplinkProfile profile)
{
  GEnumClass *klass = g_type_class_ref (UPLINK_TYPE_PROFILE);
  const char *nick = g_enum_get_value (klass, profile)->value_nick;

  g_type_class_unref (klass);
  return nick;
}

/* The profile of an attempt, before the server says anything: the one
 * set, or the one the URL's path suggests, or what an earlier session's
 * first frame taught, else a plain WebSocket (which the server's first
 * frame may still change). Remembering matters: a v1 server's features
 * (proof of arrival among them) are on from the upgrade when uplink.v1 is
 * offered, not only once its hello arrives. */
void
uplink_connection_resolve_profile (UplinkConnection *self,
                                   GUri             *uri)
{
  UplinkProfile profile = self->profile;

  self->first_frame_seen = FALSE;
  if (profile == UPLINK_PROFILE_AUTO)
    profile = uplink_profile_from_path (g_uri_get_path (uri));
  if (profile == UPLINK_PROFILE_AUTO)
    profile = self->learned_profile;
  if (profile == UPLINK_PROFILE_AUTO)
    profile = UPLINK_PROFILE_WEBSOCKET;
  uplink_connection_set_active_profile (self, profile);
}

/* What the user set, or exactly the profile's own subprotocol: a server
 * that echoes whatever it is offered would fail on what follows. NULL
 * when nothing is offered: libsoup would send an empty header, which
 * servers refuse. */
GStrv
uplink_connection_offered_protocols (UplinkConnection *self)
{
  const char *own = uplink_profile_lookup (self->active_profile)->subprotocol;
  const char * const only[] = { own, NULL };

  if (self->protocols != NULL && self->protocols[0] != NULL)
    return g_strdupv (self->protocols);
  if (own == NULL)
    return NULL;
  return g_strdupv ((char **) only);
}

/* Refusals and dropped upgrades are how servers say "not that
 * subprotocol" (Prosody answers 501, Mosquitto hangs up). */
static gboolean
may_be_subprotocol (const GError *failure,
                    const GError *soup_error)
{
  if (g_error_matches (failure, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_REJECTED) ||
      g_error_matches (failure, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_PROTOCOL))
    return TRUE;

  return g_error_matches (failure, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_UNREACHABLE) &&
         soup_error != NULL &&
         (g_error_matches (soup_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
          g_error_matches (soup_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
          g_error_matches (soup_error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
          g_error_matches (soup_error, G_IO_ERROR, G_IO_ERROR_FAILED));
}

/* Takes @failure and gives it back with a hint at the profile when the
 * subprotocol is the likely cause. */
GError *
uplink_connection_explain_handshake (UplinkConnection *self,
                                     GError           *failure,
                                     const GError     *soup_error)
{
  g_auto(GStrv) offered = uplink_connection_offered_protocols (self);
  g_autofree char *list = NULL;
  GError *explained;

  if (!may_be_subprotocol (failure, soup_error))
    return failure;

  if (offered != NULL)
    {
      list = g_strjoinv (", ", offered);
      explained = g_error_new (failure->domain, failure->code,
                               _("%s. The server may not speak the subprotocol “%s” "
                                 "offered by the profile “%s”: choose the server’s profile"),
                               failure->message, list, profile_nick (self->active_profile));
    }
  else
    explained = g_error_new (failure->domain, failure->code,
                             _("%s. No subprotocol was offered, and the server may need one: "
                               "choose the server’s profile (for example mqtt or xmpp)"),
                             failure->message);
  g_error_free (failure);
  return explained;
}

/* libsoup already refuses a subprotocol that was not offered; this keeps
 * the promise whatever libsoup does. */
gboolean
uplink_connection_check_negotiated (UplinkConnection  *self,
                                    GError           **error)
{
  g_auto(GStrv) offered = uplink_connection_offered_protocols (self);

  if (self->negotiated_protocol == NULL ||
      (offered != NULL && g_strv_contains ((const char * const *) offered, self->negotiated_protocol)))
    return TRUE;

  g_set_error (error, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_PROTOCOL,
               _("The server chose the subprotocol “%s”, which was not offered"),
               self->negotiated_protocol);
  return FALSE;
}

static void
retire_session (UplinkConnection *self)
{
  UplinkProfileSession *session = g_steal_pointer (&self->profile_session);

  if (session == NULL)
    return;
  if (self->profile_depth > 0)
    g_ptr_array_add (self->retired_sessions, session);
  else
    uplink_profile_session_free (session);
}

static void
enter_profile (UplinkConnection *self)
{
  g_object_ref (self);
  self->profile_depth++;
}

static void
leave_profile (UplinkConnection *self)
{
  if (--self->profile_depth == 0)
    g_ptr_array_set_size (self->retired_sessions, 0);
  g_object_unref (self);
}

static void
start_session (UplinkConnection *self)
{
  const UplinkProfileClass *klass = uplink_profile_lookup (self->active_profile);

  retire_session (self);
  self->profile_session = uplink_profile_session_new (klass, self);
  uplink_connection_arm_keepalive (self);

  enter_profile (self);
  klass->open (self->profile_session);
  leave_profile (self);
}

/* The upgrade is done: a v1 subprotocol settles auto at once. */
void
uplink_connection_open_profile (UplinkConnection *self)
{
  if (self->profile == UPLINK_PROFILE_AUTO &&
      g_strcmp0 (self->negotiated_protocol, uplink_profile_uplink_class.subprotocol) == 0)
    uplink_connection_set_active_profile (self, UPLINK_PROFILE_UPLINK);

  start_session (self);
}

void
uplink_connection_close_profile (UplinkConnection *self)
{
  UplinkProfileSession *session = self->profile_session;

  if (session != NULL && session->klass->stop != NULL && self->socket != NULL &&
      soup_websocket_connection_get_state (self->socket) == SOUP_WEBSOCKET_STATE_OPEN)
    session->klass->stop (session);
  retire_session (self);
}

/* Under auto, a plain WebSocket session may turn out to be socket.io or
 * protocol v1 from the server's first frame. */
static void
sniff_first_frame (UplinkConnection *self,
                   const char       *text,
                   gsize             length)
{
  UplinkProfile profile;

  if (self->first_frame_seen)
    return;
  self->first_frame_seen = TRUE;
  if (self->profile != UPLINK_PROFILE_AUTO || self->active_profile != UPLINK_PROFILE_WEBSOCKET)
    return;

  profile = uplink_profile_from_frame (text, length);
  if (profile == UPLINK_PROFILE_AUTO)
    return;

  self->learned_profile = profile;
  uplink_connection_set_active_profile (self, profile);
  start_session (self);
}

void
uplink_connection_profile_text (UplinkConnection *self,
                                const char       *text,
                                gsize             length)
{
  UplinkProfileSession *session;

  sniff_first_frame (self, text, length);
  session = self->profile_session;
  if (session == NULL)
    return;

  if (session->klass->text == NULL)
    {
      uplink_connection_emit_message (self, text);
      return;
    }

  enter_profile (self);
  session->klass->text (session, text, length);
  leave_profile (self);
}

void
uplink_connection_profile_binary (UplinkConnection *self,
                                  const guint8     *data,
                                  gsize             length)
{
  UplinkProfileSession *session = self->profile_session;

  self->first_frame_seen = TRUE;
  if (session == NULL || session->klass->binary == NULL)
    {
      uplink_connection_ignore_frame (self, "a binary frame");
      return;
    }

  enter_profile (self);
  session->klass->binary (session, data, length);
  leave_profile (self);
}

gboolean
uplink_connection_has_profile_keepalive (UplinkConnection *self)
{
  return self->profile_session != NULL && self->profile_session->klass->keepalive != NULL;
}

void
uplink_connection_profile_keepalive (UplinkConnection *self)
{
  UplinkProfileSession *session = self->profile_session;

  g_assert (uplink_connection_has_profile_keepalive (self));

  enter_profile (self);
  session->klass->keepalive (session);
  leave_profile (self);
}
