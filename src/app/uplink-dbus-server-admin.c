/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "uplink-dbus-server-admin.h"
#include "uplink-servers-generated.h"

/*
 * io.github.uplink.Uplink.Servers on the root object: how the window adds,
 * renames and removes servers and hands over their addresses and
 * passwords. Secrets come in as method arguments and go straight to the
 * server (and from there to the keyring): they are never kept here,
 * logged, or put in a reply or an error.
 *
 * The methods answer at once: a secret's way into the keyring is the
 * server's, and its state says when it is waiting for it.
 */

#define ERROR_PREFIX "io.github.uplink.Uplink.Error."

struct _UplinkDbusServerAdmin
{
  GObject parent_instance;

  UplinkBusServers *skeleton;
  UplinkServerList *list;
  UplinkCredentials *credentials;
};

G_DEFINE_FINAL_TYPE (UplinkDbusServerAdmin, uplink_dbus_server_admin, G_TYPE_OBJECT)

/* The list's errors as D-Bus errors a reader can tell apart; the message
 * is the list's own sentence, for the user. */
static void
return_error (GDBusMethodInvocation *invocation,
              const GError          *error)
{
  const char *name = ERROR_PREFIX "Failed";

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    name = ERROR_PREFIX "Exists";
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    name = ERROR_PREFIX "NotFound";
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT) ||
           error->domain == UPLINK_CONNECTION_ERROR)
    name = ERROR_PREFIX "InvalidArgument";

  g_dbus_method_invocation_return_dbus_error (invocation, name, error->message);
}

/* The server named by @id, or %NULL with the error returned. */
static UplinkServer *
lookup (UplinkDbusServerAdmin *self,
        GDBusMethodInvocation *invocation,
        const char            *id)
{
  UplinkServer *server = self->list != NULL ? uplink_server_list_lookup (self->list, id) : NULL;

  if (server == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                                     _("This server is no longer in the list"));

      return_error (invocation, error);
    }
  return server;
}

/* An empty password forgets the one stored. */
static void
set_password (UplinkServer *server,
              const char   *password)
{
  uplink_server_set_password (server, *password != '\0' ? password : NULL);
}

static gboolean
on_add_server (UplinkDbusServerAdmin *self,
               GDBusMethodInvocation *invocation,
               const char            *name,
               const char            *address,
               const char            *password)
{
  g_autoptr(GError) error = NULL;
  UplinkServer *server = NULL;

  if (self->list == NULL)
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, _("Uplink is shutting down"));
  else
    server = uplink_server_list_add (self->list, name, address, &error);

  if (server == NULL)
    {
      return_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  if (*password != '\0')
    set_password (server, password);
  uplink_bus_servers_complete_add_server (self->skeleton, invocation, uplink_server_get_id (server));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
on_remove_server (UplinkDbusServerAdmin *self,
                  GDBusMethodInvocation *invocation,
                  const char            *id)
{
  UplinkServer *server = lookup (self, invocation, id);

  if (server != NULL)
    {
      uplink_server_list_remove (self->list, server);
      uplink_bus_servers_complete_remove_server (self->skeleton, invocation);
    }
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
on_rename_server (UplinkDbusServerAdmin *self,
                  GDBusMethodInvocation *invocation,
                  const char            *id,
                  const char            *name)
{
  UplinkServer *server = lookup (self, invocation, id);
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  if (uplink_server_list_rename (self->list, server, name, &error))
    uplink_bus_servers_complete_rename_server (self->skeleton, invocation);
  else
    return_error (invocation, error);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
on_set_address (UplinkDbusServerAdmin *self,
                GDBusMethodInvocation *invocation,
                const char            *id,
                const char            *address)
{
  UplinkServer *server = lookup (self, invocation, id);
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  /* The same check as a new server's, so that an address that would
   * never connect is refused where it was typed. */
  if (uplink_connection_check_url (address, &error) && uplink_server_set_url (server, address, &error))
    uplink_bus_servers_complete_set_address (self->skeleton, invocation);
  else
    return_error (invocation, error);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
on_set_password (UplinkDbusServerAdmin *self,
                 GDBusMethodInvocation *invocation,
                 const char            *id,
                 const char            *password)
{
  UplinkServer *server = lookup (self, invocation, id);

  if (server != NULL)
    {
      set_password (server, password);
      uplink_bus_servers_complete_set_password (self->skeleton, invocation);
    }
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
update_keyring_available (UplinkDbusServerAdmin *self)
{
  uplink_bus_servers_set_keyring_available (self->skeleton,
                                            uplink_credentials_get_keyring_available (self->credentials));
}

/**
 * uplink_dbus_server_admin_set_list:
 * @self: the interface
 * @list: (nullable): the servers it changes, or %NULL (shutting down)
 * @credentials: (nullable): where their secrets are kept
 */
void
uplink_dbus_server_admin_set_list (UplinkDbusServerAdmin *self,
                                   UplinkServerList      *list,
                                   UplinkCredentials     *credentials)
{
  g_return_if_fail (UPLINK_IS_DBUS_SERVER_ADMIN (self));
  g_return_if_fail (list == NULL || UPLINK_IS_SERVER_LIST (list));
  g_return_if_fail (credentials == NULL || UPLINK_IS_CREDENTIALS (credentials));

  if (self->credentials != NULL)
    g_signal_handlers_disconnect_by_data (self->credentials, self);
  g_set_object (&self->list, list);
  g_set_object (&self->credentials, credentials);
  if (credentials != NULL)
    {
      g_signal_connect_object (credentials, "notify::keyring-available",
                               G_CALLBACK (update_keyring_available), self, G_CONNECT_SWAPPED);
      update_keyring_available (self);
    }
}

/**
 * uplink_dbus_server_admin_export:
 * @self: the interface
 * @bus: the bus Uplink owns its name on
 * @error: why it could not be exported
 *
 * Publishes the interface on the root object.
 *
 * Returns: %TRUE if it is on the bus
 */
gboolean
uplink_dbus_server_admin_export (UplinkDbusServerAdmin  *self,
                                 GDBusConnection        *bus,
                                 GError                **error)
{
  g_return_val_if_fail (UPLINK_IS_DBUS_SERVER_ADMIN (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (bus), FALSE);

  return g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->skeleton), bus,
                                           APP_OBJECT_PATH, error);
}

void
uplink_dbus_server_admin_unexport (UplinkDbusServerAdmin *self)
{
  g_return_if_fail (UPLINK_IS_DBUS_SERVER_ADMIN (self));

  g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->skeleton));
}

static void
uplink_dbus_server_admin_dispose (GObject *object)
{
  UplinkDbusServerAdmin *self = UPLINK_DBUS_SERVER_ADMIN (object);

  if (self->credentials != NULL)
    g_signal_handlers_disconnect_by_data (self->credentials, self);
  g_clear_object (&self->credentials);
  g_clear_object (&self->list);
  g_clear_object (&self->skeleton);

  G_OBJECT_CLASS (uplink_dbus_server_admin_parent_class)->dispose (object);
}

static void
uplink_dbus_server_admin_class_init (UplinkDbusServerAdminClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = uplink_dbus_server_admin_dispose;
}

static void
uplink_dbus_server_admin_init (UplinkDbusServerAdmin *self)
{
  self->skeleton = uplink_bus_servers_skeleton_new ();
  uplink_bus_servers_set_keyring_available (self->skeleton, TRUE);
  g_signal_connect_object (self->skeleton, "handle-add-server", G_CALLBACK (on_add_server), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->skeleton, "handle-remove-server", G_CALLBACK (on_remove_server), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->skeleton, "handle-rename-server", G_CALLBACK (on_rename_server), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->skeleton, "handle-set-address", G_CALLBACK (on_set_address), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->skeleton, "handle-set-password", G_CALLBACK (on_set_password), self,
                           G_CONNECT_SWAPPED);
}

/**
 * uplink_dbus_server_admin_new:
 *
 * Returns: (transfer full): the interface, answering "shutting down"
 *   until uplink_dbus_server_admin_set_list()
 */
UplinkDbusServerAdmin *
uplink_dbus_server_admin_new (void)
{
  return g_object_new (UPLINK_TYPE_DBUS_SERVER_ADMIN, NULL);
}
