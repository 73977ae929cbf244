/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "uplink-connection.h"
#include "uplink-connection-private.h"
#include "uplink-connection-properties-private.h"
#include "uplink-defaults-private.h"
#include "uplink-dispatch-private.h"
#include "uplink-enums.h"
#include "uplink-error.h"
#include "uplink-frame.h"
#include "uplink-history.h"
#include "uplink-i18n-private.h"
#include "uplink-redact.h"
#include "uplink-resume-monitor.h"
#include "uplink-send-queue-private.h"
#include "uplink-set-str.h"

/*
 * The accessors of what an embedder sets: timeouts, limits, TLS, the
 * profile and its login, the network monitor, the session, subprotocols
 * and request headers.
 */

/**
 * uplink_connection_get_keepalive_interval:
 * @self: a connection
 *
 * Gets the seconds between pings.
 *
 * Returns: the keepalive interval in seconds
 *
 * Since: 1.0
 */
guint
uplink_connection_get_keepalive_interval (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return self->keepalive_interval;
}

/**
 * uplink_connection_set_keepalive_interval:
 * @self: a connection
 * @seconds: seconds between pings, at least 1
 *
 * Sets the seconds between pings; an open connection follows at once.
 *
 * Since: 1.0
 */
void
uplink_connection_set_keepalive_interval (UplinkConnection *self,
                                          guint             seconds)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (seconds >= 1);

  if (self->keepalive_interval == seconds)
    return;

  self->keepalive_interval = seconds;
  uplink_connection_arm_keepalive (self);
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_KEEPALIVE_INTERVAL]);
}

/**
 * uplink_connection_get_pong_timeout:
 * @self: a connection
 *
 * Gets how long past the keepalive interval a silent server is trusted.
 *
 * Returns: the pong timeout in seconds
 *
 * Since: 1.0
 */
guint
uplink_connection_get_pong_timeout (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return self->pong_timeout;
}

/**
 * uplink_connection_set_pong_timeout:
 * @self: a connection
 * @seconds: the pong timeout in seconds, at least 1
 *
 * Sets how long past the keepalive interval a silent server is trusted.
 *
 * Since: 1.0
 */
void
uplink_connection_set_pong_timeout (UplinkConnection *self,
                                    guint             seconds)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (seconds >= 1);

  if (self->pong_timeout == seconds)
    return;

  self->pong_timeout = seconds;
  uplink_connection_arm_keepalive (self);
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_PONG_TIMEOUT]);
}

/**
 * uplink_connection_get_connect_timeout:
 * @self: a connection
 *
 * Gets how long an attempt may take.
 *
 * Returns: the connect timeout in seconds
 *
 * Since: 1.0
 */
guint
uplink_connection_get_connect_timeout (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return self->connect_timeout;
}

/**
 * uplink_connection_set_connect_timeout:
 * @self: a connection
 * @seconds: the connect timeout in seconds, at least 1
 *
 * Sets how long an attempt may take; it applies from the next attempt.
 *
 * Since: 1.0
 */
void
uplink_connection_set_connect_timeout (UplinkConnection *self,
                                       guint             seconds)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (seconds >= 1);

  if (self->connect_timeout == seconds)
    return;

  self->connect_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_CONNECT_TIMEOUT]);
}

/**
 * uplink_connection_get_max_incoming_payload:
 * @self: a connection
 *
 * Gets the largest frame the server may send.
 *
 * Returns: bytes
 *
 * Since: 1.0
 */
guint64
uplink_connection_get_max_incoming_payload (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return self->max_incoming_payload;
}

/**
 * uplink_connection_set_max_incoming_payload:
 * @self: a connection
 * @bytes: the largest frame the server may send, at least 1
 *
 * Sets the largest frame the server may send; an open connection follows
 * at once.
 *
 * Since: 1.0
 */
void
uplink_connection_set_max_incoming_payload (UplinkConnection *self,
                                            guint64           bytes)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (bytes >= 1);

  if (self->max_incoming_payload == bytes)
    return;

  self->max_incoming_payload = bytes;
  if (self->socket != NULL)
    soup_websocket_connection_set_max_incoming_payload_size (self->socket, bytes);
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_MAX_INCOMING_PAYLOAD]);
}

/**
 * uplink_connection_get_tls_ca_file:
 * @self: a connection
 *
 * Gets the file of certificate authorities trusted instead of the
 * system's.
 *
 * Returns: (type filename) (nullable): the file, or `NULL`
 *
 * Since: 1.0
 */
const char *
uplink_connection_get_tls_ca_file (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return self->tls_ca_file;
}

/**
 * uplink_connection_set_tls_ca_file:
 * @self: a connection
 * @file: (type filename) (nullable): a PEM file, or `NULL` for the
 *   system's certificate authorities
 *
 * Sets the certificate authorities to trust from the next attempt.
 *
 * Since: 1.0
 */
void
uplink_connection_set_tls_ca_file (UplinkConnection *self,
                                   const char       *file)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));

  if (!uplink_set_str (&self->tls_ca_file, file))
    return;

  /* Back to the system's trust, never to no verification. */
  if (file == NULL && self->session != NULL)
    soup_session_set_tls_database (self->session,
                                   g_tls_backend_get_default_database (g_tls_backend_get_default ()));
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_TLS_CA_FILE]);
}

/**
 * uplink_connection_get_profile:
 * @self: a connection
 *
 * Gets the profile set with [method@Connection.set_profile].
 *
 * Returns: the profile
 *
 * Since: 1.0
 */
UplinkProfile
uplink_connection_get_profile (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), UPLINK_PROFILE_AUTO);

  return self->profile;
}

/**
 * uplink_connection_set_profile:
 * @self: a connection
 * @profile: the kind of server
 *
 * Sets the kind of server to expect, from the next attempt.
 *
 * Since: 1.0
 */
void
uplink_connection_set_profile (UplinkConnection *self,
                               UplinkProfile     profile)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (profile >= UPLINK_PROFILE_AUTO && profile <= UPLINK_PROFILE_XMPP);

  if (self->profile == profile)
    return;

  self->profile = profile;
  self->learned_profile = UPLINK_PROFILE_AUTO;
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_PROFILE]);
}

/**
 * uplink_connection_get_username:
 * @self: a connection
 *
 * Gets the user name for profiles with a login.
 *
 * Returns: (nullable): the user name, or `NULL`
 *
 * Since: 1.0
 */
const char *
uplink_connection_get_username (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return self->username;
}

/**
 * uplink_connection_set_username:
 * @self: a connection
 * @username: (nullable): a user name, or `NULL` (or "") for none
 *
 * Sets the user name for profiles with a login, from the next attempt.
 *
 * Since: 1.0
 */
void
uplink_connection_set_username (UplinkConnection *self,
                                const char       *username)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));

  /* Settings keep "none" as an empty string. */
  if (username != NULL && *username == '\0')
    username = NULL;
  if (uplink_set_str (&self->username, username))
    g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_USERNAME]);
}

/**
 * uplink_connection_set_password:
 * @self: a connection
 * @password: (nullable): a password or token, or `NULL` (or "") for none
 *
 * Sets the password for profiles with a login (the auth token for
 * socket.io), from the next attempt. There is no getter: the password
 * never leaves the connection except to the server.
 *
 * Since: 1.0
 */
void
uplink_connection_set_password (UplinkConnection *self,
                                const char       *password)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));

  if (password != NULL && *password == '\0')
    password = NULL;
  if (uplink_set_str (&self->password, password))
    g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_PASSWORD]);
}

/**
 * uplink_connection_get_network_monitor:
 * @self: a connection
 *
 * Gets the network monitor the connection follows.
 *
 * Returns: (transfer none) (nullable): the network monitor
 *
 * Since: 1.0
 */
GNetworkMonitor *
uplink_connection_get_network_monitor (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return self->network_monitor;
}

/**
 * uplink_connection_set_network_monitor:
 * @self: a connection
 * @monitor: (nullable): a network monitor, or `NULL` to ignore the network
 *
 * Sets the network monitor that tells when the network goes and returns.
 *
 * Since: 1.0
 */
void
uplink_connection_set_network_monitor (UplinkConnection *self,
                                       GNetworkMonitor  *monitor)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor));

  if (self->network_monitor == monitor)
    return;

  if (self->network_monitor != NULL)
    {
      g_clear_signal_handler (&self->network_handler, self->network_monitor);
      g_clear_signal_handler (&self->network_changed_handler, self->network_monitor);
    }
  g_set_object (&self->network_monitor, monitor);
  /* Some monitors only notify the property, without network-changed. */
  if (monitor != NULL)
    {
      self->network_handler = g_signal_connect (monitor, "notify::network-available",
                                                G_CALLBACK (uplink_connection_on_network_notify), self);
      self->network_changed_handler = g_signal_connect (monitor, "network-changed",
                                                        G_CALLBACK (uplink_connection_on_network_event), self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_NETWORK_MONITOR]);
}

/**
 * uplink_connection_get_session:
 * @self: a connection
 *
 * Gets the HTTP session the connection uses.
 *
 * Returns: (transfer none) (nullable): the session, or `NULL` before the
 *   first attempt when none was set
 *
 * Since: 1.0
 */
SoupSession *
uplink_connection_get_session (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return self->session;
}

/**
 * uplink_connection_set_session:
 * @self: a connection
 * @session: (nullable): a session, or `NULL` for one of the connection's own
 *
 * Sets the HTTP session whose proxy resolver and TLS database to use from
 * the next attempt; see [property@Connection:session].
 *
 * Since: 1.0
 */
void
uplink_connection_set_session (UplinkConnection *self,
                               SoupSession      *session)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (session == NULL || SOUP_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_SESSION]);
}

/**
 * uplink_connection_get_protocols:
 * @self: a connection
 *
 * Gets the subprotocols offered instead of the profile's own.
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the
 *   subprotocols
 *
 * Since: 1.0
 */
const char * const *
uplink_connection_get_protocols (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);

  return (const char * const *) self->protocols;
}

/**
 * uplink_connection_set_protocols:
 * @self: a connection
 * @protocols: (nullable) (array zero-terminated=1): subprotocols to offer
 *
 * Sets the subprotocols to offer from the next attempt, instead of the
 * profile's own; exactly these are offered.
 *
 * Since: 1.0
 */
void
uplink_connection_set_protocols (UplinkConnection   *self,
                                 const char * const *protocols)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));

  if (self->protocols != NULL && protocols != NULL &&
      g_strv_equal ((const char * const *) self->protocols, protocols))
    return;
  if (self->protocols == NULL && protocols == NULL)
    return;

  g_strfreev (self->protocols);
  self->protocols = g_strdupv ((char **) protocols);
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_PROTOCOLS]);
}

/**
 * uplink_connection_get_request_header:
 * @self: a connection
 * @name: a header name
 *
 * Gets a header set with [method@Connection.set_request_header].
 *
 * Returns: (transfer none) (nullable): the value, or `NULL`
 *
 * Since: 1.0
 */
const char *
uplink_connection_get_request_header (UplinkConnection *self,
                                      const char       *name)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->request_headers, name);
}

/**
 * uplink_connection_set_request_header:
 * @self: a connection
 * @name: a header name, such as `Authorization`
 * @value: (nullable): its value, or `NULL` to remove it
 *
 * Sets a header sent with every handshake from the next attempt.
 *
 * Header values are never logged or shown. After the server refused the
 * credentials ([error@Uplink.ConnectionError.AUTH]), a new header starts
 * an attempt at once.
 *
 * Since: 1.0
 */
void
uplink_connection_set_request_header (UplinkConnection *self,
                                      const char       *name,
                                      const char       *value)
{
  g_autoptr(UplinkConnection) hold = NULL;

  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (name != NULL && *name != '\0');

  if (value == NULL)
    g_hash_table_remove (self->request_headers, name);
  else
    g_hash_table_replace (self->request_headers, g_strdup (name), g_strdup (value));

  if (self->running && self->waiting_for_user)
    {
      hold = g_object_ref (self);
      uplink_connection_begin_attempt (self);
    }
}
