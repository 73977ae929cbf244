/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * UplinkCredentialKind:
 * @UPLINK_CREDENTIAL_PASSWORD: the password (or token) of a profile's login
 * @UPLINK_CREDENTIAL_URL: the server's address as pasted, with the secrets
 *   the settings do not keep
 *
 * The secrets kept for a server.
 */
typedef enum {
  UPLINK_CREDENTIAL_PASSWORD,
  UPLINK_CREDENTIAL_URL,
} UplinkCredentialKind;

/**
 * UplinkCredentialsError:
 * @UPLINK_CREDENTIALS_ERROR_NO_KEYRING: no keyring (Secret Service)
 *   answered: the secret is kept only until Uplink quits
 * @UPLINK_CREDENTIALS_ERROR_KEYRING: the keyring answered with an error
 *   (locked, refused); a secret to store is kept until Uplink quits
 *
 * Errors in the `UPLINK_CREDENTIALS_ERROR` domain.
 */
typedef enum {
  UPLINK_CREDENTIALS_ERROR_NO_KEYRING,
  UPLINK_CREDENTIALS_ERROR_KEYRING,
} UplinkCredentialsError;

#define UPLINK_CREDENTIALS_ERROR (uplink_credentials_error_quark ())

GQuark uplink_credentials_error_quark (void);

#define UPLINK_TYPE_CREDENTIALS (uplink_credentials_get_type ())

G_DECLARE_FINAL_TYPE (UplinkCredentials, uplink_credentials, UPLINK, CREDENTIALS, GObject)

UplinkCredentials *uplink_credentials_new                    (void) G_GNUC_WARN_UNUSED_RESULT;
gboolean           uplink_credentials_get_keyring_available  (UplinkCredentials     *self);

void               uplink_credentials_store_async            (UplinkCredentials     *self,
                                                              const char            *id,
                                                              UplinkCredentialKind   kind,
                                                              const char            *secret,
                                                              const char            *label,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
gboolean           uplink_credentials_store_finish           (UplinkCredentials     *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);
void               uplink_credentials_lookup_async           (UplinkCredentials     *self,
                                                              const char            *id,
                                                              UplinkCredentialKind   kind,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
char              *uplink_credentials_lookup_finish          (UplinkCredentials     *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);
void               uplink_credentials_clear_async            (UplinkCredentials     *self,
                                                              const char            *id,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
gboolean           uplink_credentials_clear_finish           (UplinkCredentials     *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);

G_END_DECLS
