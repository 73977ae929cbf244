/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "uplink-credentials.h"

/*
 * The servers' passwords and tokens, in the keyring through libsecret
 * (inside Flatpak libsecret goes through the Secret portal by itself).
 * Every call is asynchronous: a locked keyring waits for the user to
 * unlock it, and a slow one for its answer, while Uplink goes on.
 *
 * When the keyring cannot keep a secret — there is no Secret Service, or
 * it refused — the secret is kept in this process until it quits, so
 * that nothing typed is lost, and the caller gets an error that says so.
 * `keyring-available` tells whether a Secret Service answered last time.
 *
 * At most a few calls are in flight at once, the others wait their turn:
 * two hundred servers starting together would otherwise pass the bus's
 * limit of pending replies.
 */

#define MAX_RUNNING 4

G_DEFINE_QUARK (uplink-credentials-error-quark, uplink_credentials_error)

static const SecretSchema credentials_schema = {
  "io.github.uplink.Uplink.Credentials", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

struct _UplinkCredentials
{
  GObject parent_instance;

  /* "ID/kind" → the secret, for what the keyring could not keep. */
  GHashTable *memory;
  gboolean keyring_available;

  /* Calls waiting for their turn (GTasks), and how many are running. */
  GQueue waiting;
  guint running;
};

G_DEFINE_FINAL_TYPE (UplinkCredentials, uplink_credentials, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KEYRING_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum {
  OP_STORE,
  OP_LOOKUP,
  OP_CLEAR,
} Op;

typedef struct {
  Op op;
  char *id;
  UplinkCredentialKind kind;
  char *secret;
  char *label;
} Request;

/* Our own copies of secrets are wiped before their memory goes back. */
static void
forget_secret (char *secret)
{
  secret_password_wipe (secret);
  g_free (secret);
}

static void
request_free (Request *request)
{
  g_free (request->id);
  g_free (request->label);
  g_clear_pointer (&request->secret, forget_secret);
  g_free (request);
}

static GTask *
request_task_new (UplinkCredentials    *self,
                  Op                    op,
                  const char           *id,
                  UplinkCredentialKind  kind,
                  GCancellable         *cancellable,
                  GAsyncReadyCallback   callback,
                  gpointer              user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  request->op = op;
  request->id = g_strdup (id);
  request->kind = kind;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  return task;
}

static const char *
kind_to_string (UplinkCredentialKind kind)
{
  return kind == UPLINK_CREDENTIAL_URL ? "url" : "password";
}

static char *
memory_key (const char           *id,
            UplinkCredentialKind  kind)
{
  return g_strconcat (id, "/", kind_to_string (kind), NULL);
}

/* No Secret Service on the bus (and none to start), or no bus at all.
 * A keyring's own refusals come in libsecret's domain, and a keyring that
 * is slow to answer is there all the same. */
static gboolean
is_no_keyring (const GError *error)
{
  if (error->domain == G_DBUS_ERROR)
    return error->code == G_DBUS_ERROR_SERVICE_UNKNOWN ||
           error->code == G_DBUS_ERROR_NAME_HAS_NO_OWNER ||
           error->code == G_DBUS_ERROR_NO_SERVER ||
           error->code == G_DBUS_ERROR_SPAWN_EXEC_FAILED ||
           error->code == G_DBUS_ERROR_SPAWN_CHILD_EXITED ||
           error->code == G_DBUS_ERROR_SPAWN_FAILED ||
           error->code == G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND;

  return error->domain == G_IO_ERROR &&
         error->code != G_IO_ERROR_CANCELLED && error->code != G_IO_ERROR_TIMED_OUT;
}

static void
set_keyring_available (UplinkCredentials *self,
                       gboolean           available)
{
  if (self->keyring_available == available)
    return;

  self->keyring_available = available;
  if (!available)
    g_message ("No keyring (Secret Service) is available: passwords are kept until Uplink quits");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYRING_AVAILABLE]);
}

/* Whether @error means the keyring is missing, which is noted; FALSE for
 * other errors and for none. */
static gboolean
note_keyring_answer (UplinkCredentials *self,
                     const GError      *error)
{
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  set_keyring_available (self, error == NULL || !is_no_keyring (error));
  return error != NULL && is_no_keyring (error);
}

static void start (GTask *task);

/* Runs @task now, or once fewer calls are in flight. */
static void
submit (UplinkCredentials *self,
        GTask             *task)
{
  if (self->running < MAX_RUNNING)
    start (task);
  else
    g_queue_push_tail (&self->waiting, task);
}

/* A call is over: the next in line may go. */
static void
finish_one (UplinkCredentials *self)
{
  self->running--;
  while (self->running < MAX_RUNNING && !g_queue_is_empty (&self->waiting))
    {
      g_autoptr(GTask) task = g_queue_pop_head (&self->waiting);

      if (!g_task_return_error_if_cancelled (task))
        start (g_steal_pointer (&task));
    }
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UplinkCredentials *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autofree char *key = memory_key (request->id, request->kind);
  g_autoptr(GError) error = NULL;
  gboolean no_keyring;

  finish_one (self);
  /* Storing nothing is clearing. */
  if (request->secret == NULL)
    secret_password_clear_finish (result, &error);
  else
    secret_password_store_finish (result, &error);

  no_keyring = note_keyring_answer (self, error);
  if (error == NULL)
    {
      g_hash_table_remove (self->memory, key);
      g_task_return_boolean (task, TRUE);
    }
  else
    {
      /* Nothing the user typed is lost: kept (or forgotten) here, for
       * this run. */
      if (request->secret != NULL)
        g_hash_table_replace (self->memory, g_steal_pointer (&key), g_steal_pointer (&request->secret));
      else
        g_hash_table_remove (self->memory, key);

      if (no_keyring)
        g_task_return_new_error (task, UPLINK_CREDENTIALS_ERROR, UPLINK_CREDENTIALS_ERROR_NO_KEYRING,
                                 _("No keyring is available: the password is kept only until Uplink quits"));
      else
        g_task_return_new_error (task, UPLINK_CREDENTIALS_ERROR, UPLINK_CREDENTIALS_ERROR_KEYRING,
                                 _("The keyring did not keep the password (%s): it is kept only until Uplink quits"),
                                 error->message);
    }
}

/**
 * uplink_credentials_store_async:
 * @self: the credentials
 * @id: the server's id
 * @kind: which of its secrets
 * @secret: (nullable): the secret, or %NULL (or "") to forget it
 * @label: what the keyring shows the secret as
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the keyring has answered
 * @user_data: for @callback
 *
 * Keeps @secret in the keyring, replacing the one of this kind the server
 * had. If the keyring cannot keep it, it is kept until Uplink quits and
 * the call fails saying so.
 */
void
uplink_credentials_store_async (UplinkCredentials     *self,
                                const char            *id,
                                UplinkCredentialKind   kind,
                                const char            *secret,
                                const char            *label,
                                GCancellable          *cancellable,
                                GAsyncReadyCallback    callback,
                                gpointer               user_data)
{
  GTask *task;
  Request *request;

  g_return_if_fail (UPLINK_IS_CREDENTIALS (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (label != NULL);

  task = request_task_new (self, OP_STORE, id, kind, cancellable, callback, user_data);
  g_task_set_source_tag (task, uplink_credentials_store_async);
  request = g_task_get_task_data (task);
  if (secret != NULL && *secret != '\0')
    request->secret = g_strdup (secret);
  request->label = g_strdup (label);
  submit (self, task);
}

/**
 * uplink_credentials_store_finish:
 * @self: the credentials
 * @result: the result passed to the callback
 * @error: why the keyring did not keep the secret
 *
 * Returns: %TRUE if the keyring keeps (or has forgotten) the secret
 */
gboolean
uplink_credentials_store_finish (UplinkCredentials  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UplinkCredentials *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  finish_one (self);
  if (note_keyring_answer (self, error))
    {
      /* Nothing was kept anywhere: the server has no secret. */
      g_task_return_pointer (task, NULL, g_free);
    }
  else if (error != NULL)
    {
      g_task_return_new_error (task, UPLINK_CREDENTIALS_ERROR, UPLINK_CREDENTIALS_ERROR_KEYRING,
                               _("The keyring could not be read: %s"), error->message);
    }
  else
    {
      g_task_return_pointer (task, g_strdup (secret), g_free);
      g_clear_pointer (&secret, secret_password_free);
    }
}

/**
 * uplink_credentials_lookup_async:
 * @self: the credentials
 * @id: the server's id
 * @kind: which of its secrets
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the secret is known
 * @user_data: for @callback
 *
 * Looks up a server's secret: the one kept for this run if the keyring
 * could not keep it, else the keyring's. A locked keyring asks the user
 * to unlock it.
 */
void
uplink_credentials_lookup_async (UplinkCredentials     *self,
                                 const char            *id,
                                 UplinkCredentialKind   kind,
                                 GCancellable          *cancellable,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = NULL;
  const char *kept;

  g_return_if_fail (UPLINK_IS_CREDENTIALS (self));
  g_return_if_fail (id != NULL);

  task = request_task_new (self, OP_LOOKUP, id, kind, cancellable, callback, user_data);
  g_task_set_source_tag (task, uplink_credentials_lookup_async);

  key = memory_key (id, kind);
  kept = g_hash_table_lookup (self->memory, key);
  if (kept != NULL)
    {
      g_task_return_pointer (task, g_strdup (kept), g_free);
      return;
    }

  submit (self, g_steal_pointer (&task));
}

/**
 * uplink_credentials_lookup_finish:
 * @self: the credentials
 * @result: the result passed to the callback
 * @error: why the keyring could not be read
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL if there is
 *   none (or on error)
 */
char *
uplink_credentials_lookup_finish (UplinkCredentials  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UplinkCredentials *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  finish_one (self);
  secret_password_clear_finish (result, &error);
  /* Without a keyring there was nothing in it to forget. */
  if (error != NULL && !note_keyring_answer (self, error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/*
 * Makes the call @task stands for; its callback finishes it.
 *
 * libsecret is not given the caller's cancellable: its first calls share
 * one start-up (the connection to the Secret Service, the session), and
 * cancelling the call that began it fails every other call with
 * "Operation was cancelled". The call runs to its end instead, and the
 * task, which holds the caller's cancellable, says it was cancelled.
 */
static void
start (GTask *task)
{
  UplinkCredentials *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  const char *kind = kind_to_string (request->kind);

  self->running++;
  switch (request->op)
    {
    case OP_STORE:
      /* Storing nothing is clearing. */
      if (request->secret == NULL)
        secret_password_clear (&credentials_schema, NULL, on_stored, task,
                               "server", request->id, "kind", kind, NULL);
      else
        secret_password_store (&credentials_schema, SECRET_COLLECTION_DEFAULT, request->label,
                               request->secret, NULL, on_stored, task,
                               "server", request->id, "kind", kind, NULL);
      break;
    case OP_LOOKUP:
      secret_password_lookup (&credentials_schema, NULL, on_looked_up, task,
                              "server", request->id, "kind", kind, NULL);
      break;
    case OP_CLEAR:
      secret_password_clear (&credentials_schema, NULL, on_cleared, task,
                             "server", request->id, NULL);
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * uplink_credentials_clear_async:
 * @self: the credentials
 * @id: the server's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the keyring has answered
 * @user_data: for @callback
 *
 * Forgets every secret of a server, as it is removed.
 */
void
uplink_credentials_clear_async (UplinkCredentials     *self,
                                const char            *id,
                                GCancellable          *cancellable,
                                GAsyncReadyCallback    callback,
                                gpointer               user_data)
{
  GTask *task;

  g_return_if_fail (UPLINK_IS_CREDENTIALS (self));
  g_return_if_fail (id != NULL);

  task = request_task_new (self, OP_CLEAR, id, UPLINK_CREDENTIAL_PASSWORD, cancellable, callback, user_data);
  g_task_set_source_tag (task, uplink_credentials_clear_async);

  for (UplinkCredentialKind kind = UPLINK_CREDENTIAL_PASSWORD; kind <= UPLINK_CREDENTIAL_URL; kind++)
    {
      g_autofree char *key = memory_key (id, kind);

      g_hash_table_remove (self->memory, key);
    }

  submit (self, task);
}

/**
 * uplink_credentials_clear_finish:
 * @self: the credentials
 * @result: the result passed to the callback
 * @error: why the keyring did not forget them
 *
 * Returns: %TRUE if nothing of the server is left
 */
gboolean
uplink_credentials_clear_finish (UplinkCredentials  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
uplink_credentials_finalize (GObject *object)
{
  UplinkCredentials *self = UPLINK_CREDENTIALS (object);

  /* Every waiting task holds a reference: none is left. */
  g_assert (g_queue_is_empty (&self->waiting));
  g_hash_table_unref (self->memory);

  G_OBJECT_CLASS (uplink_credentials_parent_class)->finalize (object);
}

static void
uplink_credentials_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  UplinkCredentials *self = UPLINK_CREDENTIALS (object);

  switch (prop_id)
    {
    case PROP_KEYRING_AVAILABLE:
      g_value_set_boolean (value, uplink_credentials_get_keyring_available (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_credentials_class_init (UplinkCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = uplink_credentials_finalize;
  object_class->get_property = uplink_credentials_get_property;

  /**
   * UplinkCredentials:keyring-available:
   *
   * Whether a keyring (Secret Service) answered the last call. Without
   * one, secrets are kept until Uplink quits, and Preferences says so.
   */
  properties[PROP_KEYRING_AVAILABLE] =
    g_param_spec_boolean ("keyring-available", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
uplink_credentials_init (UplinkCredentials *self)
{
  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) forget_secret);
  self->keyring_available = TRUE;
  g_queue_init (&self->waiting);
}

/**
 * uplink_credentials_new:
 *
 * Returns: (transfer full): the credentials of Uplink's servers
 */
UplinkCredentials *
uplink_credentials_new (void)
{
  return g_object_new (UPLINK_TYPE_CREDENTIALS, NULL);
}

/**
 * uplink_credentials_get_keyring_available:
 * @self: the credentials
 *
 * Returns: whether a keyring answered the last call
 */
gboolean
uplink_credentials_get_keyring_available (UplinkCredentials *self)
{
  g_return_val_if_fail (UPLINK_IS_CREDENTIALS (self), FALSE);

  return self->keyring_available;
}
