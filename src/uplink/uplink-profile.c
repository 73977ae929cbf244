/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include "uplink-frame.h"
#include "uplink-profile-private.h"
#include "uplink-socketio-packet.h"

/*
 * The profiles, and how the auto profile picks one: first from the URL's
 * path, then from the server's first frame.
 */

const UplinkProfileClass *
uplink_profile_lookup (UplinkProfile profile)
{
  switch (profile)
    {
    case UPLINK_PROFILE_UPLINK:
      return &uplink_profile_uplink_class;
    case UPLINK_PROFILE_SOCKETIO:
      return &uplink_profile_socketio_class;
    case UPLINK_PROFILE_MQTT:
      return &uplink_profile_mqtt_class;
    case UPLINK_PROFILE_XMPP:
      return &uplink_profile_xmpp_class;
    case UPLINK_PROFILE_AUTO:
    case UPLINK_PROFILE_WEBSOCKET:
    default:
      return &uplink_profile_websocket_class;
    }
}

/* The paths these servers are served on by default; AUTO when the path
 * says nothing. */
UplinkProfile
uplink_profile_from_path (const char *path)
{
  if (path == NULL)
    return UPLINK_PROFILE_AUTO;
  if (strstr (path, "/socket.io/") != NULL)
    return UPLINK_PROFILE_SOCKETIO;
  if (g_str_has_suffix (path, "/xmpp-websocket"))
    return UPLINK_PROFILE_XMPP;
  if (g_str_has_suffix (path, "/mqtt"))
    return UPLINK_PROFILE_MQTT;
  return UPLINK_PROFILE_AUTO;
}

/* A server's first frame: the reference server's hello or an engine.io
 * open packet; AUTO for anything else. */
UplinkProfile
uplink_profile_from_frame (const char *text,
                           gsize       length)
{
  g_autoptr(UplinkFrame) frame = NULL;
  UplinkSocketioPacket packet;

  if (uplink_socketio_packet_parse (text, length, &packet, NULL) &&
      packet.engine == UPLINK_ENGINEIO_OPEN &&
      uplink_socketio_read_open (&packet, NULL, NULL, NULL))
    return UPLINK_PROFILE_SOCKETIO;

  frame = uplink_frame_parse (text, length, NULL);
  if (frame != NULL && uplink_frame_get_kind (frame) == UPLINK_FRAME_KIND_HELLO)
    return UPLINK_PROFILE_UPLINK;

  return UPLINK_PROFILE_AUTO;
}

UplinkProfileSession *
uplink_profile_session_new (const UplinkProfileClass *klass,
                            UplinkConnection         *connection)
{
  UplinkProfileSession *session;

  g_assert (klass->session_size >= sizeof (UplinkProfileSession));

  session = g_malloc0 (klass->session_size);
  session->klass = klass;
  session->connection = connection;
  return session;
}

void
uplink_profile_session_free (UplinkProfileSession *session)
{
  if (session == NULL)
    return;

  if (session->klass->clear != NULL)
    session->klass->clear (session);
  g_free (session);
}
