/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <uplink.h>

G_BEGIN_DECLS

/* How long a test waits for something that should happen at once. */
#define UPLINK_TEST_TIMEOUT_MS 10000

typedef struct
{
  GSubprocess *process;
  char *url;
  char *control_base;
  SoupSession *session;
} UplinkTestServer;

GSubprocess      *uplink_test_spawn            (const char * const *argv);
UplinkTestServer *uplink_test_server_new       (void);
UplinkTestServer *uplink_test_server_new_with_args (const char * const *extra_args);
void              uplink_test_server_free      (UplinkTestServer *server);
char             *uplink_test_server_control   (UplinkTestServer *server,
                                                const char       *path,
                                                const char       *body);
guint             uplink_test_server_stat      (UplinkTestServer *server,
                                                const char       *name);
guint             uplink_test_free_port        (void);
void              uplink_test_server_pause     (UplinkTestServer *server);
void              uplink_test_server_resume    (UplinkTestServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UplinkTestServer, uplink_test_server_free)

/* The one fixture of the net suites: a server, a quick-retrying
 * connection to it, the errors it reports, the text messages it hands
 * on, and a log for uplink_test_log_signals() and recorders. A suite
 * that needs more embeds it as its first member. */
typedef struct
{
  UplinkTestServer *server;
  UplinkConnection *connection;
  GPtrArray *errors;
  GPtrArray *messages;
  GPtrArray *log;
} UplinkTestFixture;

/* The next error the fixture's connection reports (waiting for it, up to
 * UPLINK_TEST_TIMEOUT_MS) is @code of UPLINK_CONNECTION_ERROR. A macro,
 * so that a failure names the test's own line. */
#define uplink_test_assert_error(fixture, code) \
  g_assert_error ((GError *) uplink_test_wait_for_error ((fixture)->errors, UPLINK_TEST_TIMEOUT_MS), \
                  UPLINK_CONNECTION_ERROR, (code))

void uplink_test_fixture_set_up           (UplinkTestFixture *fixture,
                                           gconstpointer      data);
void uplink_test_fixture_set_up_for       (UplinkTestFixture *fixture,
                                           UplinkTestServer  *server);
void uplink_test_fixture_tear_down        (UplinkTestFixture *fixture,
                                           gconstpointer      data);
void uplink_test_fixture_connect_to       (UplinkTestFixture *fixture,
                                           const char        *url);

typedef gboolean (*UplinkTestCondition) (gpointer data);

gboolean uplink_test_wait_until     (UplinkTestCondition  condition,
                                     gpointer             data,
                                     guint                timeout_ms);
gboolean uplink_test_wait_for_state (UplinkConnection    *connection,
                                     UplinkState          state,
                                     guint                timeout_ms);
void     uplink_test_run_for        (guint                milliseconds);

UplinkConnection *uplink_test_connection_new       (const char       *url);
void              uplink_test_start_connected     (UplinkConnection *connection);
GPtrArray        *uplink_test_collect_errors      (UplinkConnection *connection);
const GError     *uplink_test_wait_for_error      (GPtrArray        *errors,
                                                   guint             timeout_ms);

/* A listener that writes what it is told into a shared log. */
#define UPLINK_TYPE_TEST_RECORDER (uplink_test_recorder_get_type ())
G_DECLARE_FINAL_TYPE (UplinkTestRecorder, uplink_test_recorder, UPLINK, TEST_RECORDER, GObject)

typedef void (*UplinkTestRecorderHook) (UplinkTestRecorder *recorder,
                                        UplinkStatusSource *source,
                                        const char         *event,
                                        gpointer            data);

UplinkTestRecorder *uplink_test_recorder_new      (const char             *name,
                                                   GPtrArray              *log);
void                uplink_test_recorder_set_hook (UplinkTestRecorder     *self,
                                                   UplinkTestRecorderHook  hook,
                                                   gpointer                data);

void  uplink_test_log_signals   (gpointer          source,
                                 GPtrArray        *log);
char *uplink_test_log_join      (GPtrArray        *log);
void  uplink_test_assert_log    (GPtrArray        *log,
                                 const char       *expected);

G_END_DECLS
