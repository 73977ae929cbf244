/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A libFuzzer target for uplink_frame_parse().
 *
 * Every text frame a server sends goes through the parser before anything
 * else looks at it, so no input may crash it, leak, read past the length
 * it is given, or give back a frame that breaks what the getters promise.
 * Frames that come back are written again with the builders and read
 * once more, which must give the same values: what the client reads is
 * what the reference server writes.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib-object.h>

#include "uplink-frame.h"

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Either a frame or an error from the protocol domain, never both and
 * never neither. */
static void
check_outcome (UplinkFrame  *frame,
               const GError *error)
{
  if (frame != NULL)
    {
      g_assert_null (error);
      return;
    }

  g_assert_nonnull (error);
  g_assert_true (error->domain == UPLINK_PROTOCOL_ERROR);
  g_assert_cmpint (error->code, >=, UPLINK_PROTOCOL_ERROR_INVALID_UTF8);
  g_assert_cmpint (error->code, <=, UPLINK_PROTOCOL_ERROR_BAD_MEMBER);
  /* The message reaches logs, the connection's last error and the
   * indicator's tooltip, all of which want UTF-8. */
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* What uplink_frame_parse() documents, checked from the outside. */
static void
check_contract (const char   *text,
                gsize         size,
                UplinkFrame  *frame,
                const GError *error)
{
  gsize i = 0;

  if (!g_utf8_validate_len (text, size, NULL))
    {
      g_assert_error (error, UPLINK_PROTOCOL_ERROR, UPLINK_PROTOCOL_ERROR_INVALID_UTF8);
      return;
    }

  while (i < size && is_json_space (text[i]))
    i++;
  if (i == size || text[i] != '{')
    {
      g_assert_nonnull (frame);
      g_assert_cmpint (uplink_frame_get_kind (frame), ==, UPLINK_FRAME_KIND_OTHER);
    }
}

static void
check_getters (UplinkFrame *frame)
{
  UplinkFrameKind kind = uplink_frame_get_kind (frame);
  const char * const *features = uplink_frame_get_features (frame);
  double retry_after = uplink_frame_get_retry_after (frame);
  const char *reason = uplink_frame_get_reason (frame);
  gint64 id = uplink_frame_get_id (frame);

  g_assert_true (uplink_frame_ref (frame) == frame);
  uplink_frame_unref (frame);

  g_assert_cmpint (kind, >=, UPLINK_FRAME_KIND_OTHER);
  g_assert_cmpint (kind, <=, UPLINK_FRAME_KIND_HELLO);

  /* The strings go to GTK labels and back into the builders, which
   * refuse anything but UTF-8. */
  g_assert_nonnull (features);
  for (guint i = 0; features[i] != NULL; i++)
    g_assert_true (g_utf8_validate (features[i], -1, NULL));
  g_assert_true (reason == NULL || g_utf8_validate (reason, -1, NULL));

  if (kind == UPLINK_FRAME_KIND_THROTTLE)
    {
      /* A timer is set from it: -1 for "not said", otherwise a finite
       * number of seconds within the cap, and never -0. */
      g_assert_true (retry_after == -1 ||
                     (retry_after >= 0 &&
                      retry_after <= UPLINK_FRAME_MAX_RETRY_AFTER &&
                      !signbit (retry_after)));
    }
  else
    {
      g_assert_null (features[0]);
      g_assert_cmpfloat (retry_after, ==, -1);
      g_assert_null (reason);
    }

  if (kind == UPLINK_FRAME_KIND_PING || kind == UPLINK_FRAME_KIND_PONG)
    g_assert_cmpint (id, >=, 0);
  else
    g_assert_cmpint (id, ==, -1);
}

static void
assert_same_frame (UplinkFrame *a,
                   UplinkFrame *b)
{
  g_assert_cmpint (uplink_frame_get_kind (a), ==, uplink_frame_get_kind (b));
  g_assert_true (g_strv_equal (uplink_frame_get_features (a), uplink_frame_get_features (b)));
  /* Compared exactly: a retry_after that drifts by one ulp through the
   * generator would be a round trip that loses something. */
  g_assert_cmpfloat (uplink_frame_get_retry_after (a), ==, uplink_frame_get_retry_after (b));
  g_assert_cmpstr (uplink_frame_get_reason (a), ==, uplink_frame_get_reason (b));
  g_assert_cmpint (uplink_frame_get_id (a), ==, uplink_frame_get_id (b));
}

static void
assert_same_outcome (UplinkFrame  *frame,
                     const GError *error,
                     UplinkFrame  *other,
                     const GError *other_error)
{
  if (frame == NULL)
    {
      g_assert_null (other);
      g_assert_error (other_error, error->domain, error->code);
      g_assert_cmpstr (other_error->message, ==, error->message);
    }
  else
    {
      g_assert_no_error (other_error);
      assert_same_frame (frame, other);
    }
}

/* When the bytes hold no nul, reading them as a nul-terminated string
 * must give the same answer as reading them with their length. */
static void
check_nul_terminated (const char   *text,
                      gsize         size,
                      UplinkFrame  *frame,
                      const GError *error)
{
  g_autofree char *terminated = NULL;
  g_autoptr(UplinkFrame) other = NULL;
  g_autoptr(GError) other_error = NULL;

  if (memchr (text, '\0', size) != NULL)
    return;

  terminated = g_strndup (text, size);
  other = uplink_frame_parse (terminated, -1, &other_error);
  assert_same_outcome (frame, error, other, other_error);
}

/* Copies @size bytes so that they end where an unreadable page begins.
 * AddressSanitizer only sees reads made by code built with it, not those
 * of GLib and json-glib, to which the parser hands the text; a read past
 * the length faults here whoever makes it. */
static const char *
copy_before_guard_page (const char *text,
                        gsize       size)
{
  static char *region = NULL;
  static gsize readable = 0;
  gsize page = (gsize) sysconf (_SC_PAGESIZE);

  if (size > readable)
    {
      if (region != NULL)
        g_assert_cmpint (munmap (region, readable + page), ==, 0);
      readable = (size + page - 1) / page * page;
      region = mmap (NULL, readable + page, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      g_assert_true (region != MAP_FAILED);
      g_assert_cmpint (mprotect (region + readable, page, PROT_NONE), ==, 0);
    }

  if (size == 0)
    return "";
  memcpy (region + readable - size, text, size);
  return region + readable - size;
}

static void
check_guarded (const char   *text,
               gsize         size,
               UplinkFrame  *frame,
               const GError *error)
{
  const char *guarded = copy_before_guard_page (text, size);
  g_autoptr(UplinkFrame) other = NULL;
  g_autoptr(GError) other_error = NULL;

  other = uplink_frame_parse (guarded, size, &other_error);
  assert_same_outcome (frame, error, other, other_error);
}

static char *
build (UplinkFrameKind  kind,
       UplinkFrame     *frame)
{
  switch (kind)
    {
    case UPLINK_FRAME_KIND_THROTTLE:
      return uplink_frame_build_throttle (uplink_frame_get_features (frame),
                                          uplink_frame_get_retry_after (frame),
                                          uplink_frame_get_reason (frame));
    case UPLINK_FRAME_KIND_UNTHROTTLE:
      return uplink_frame_build_unthrottle ();
    case UPLINK_FRAME_KIND_PING:
      return uplink_frame_build_ping (uplink_frame_get_id (frame));
    case UPLINK_FRAME_KIND_PONG:
      return uplink_frame_build_pong (uplink_frame_get_id (frame));
    case UPLINK_FRAME_KIND_HELLO:
      return uplink_frame_build_hello ();
    case UPLINK_FRAME_KIND_OTHER:
    default:
      g_assert_not_reached ();
    }
}

/* Writes @frame again as @kind, reads that, and checks nothing changed on
 * the way; a second trip must then give the very same text. */
static void
check_round_trip (UplinkFrame     *frame,
                  UplinkFrameKind  kind)
{
  g_autofree char *text = build (kind, frame);
  g_autofree char *again = NULL;
  g_autoptr(UplinkFrame) read = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (text);
  read = uplink_frame_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);
  check_getters (read);

  g_assert_cmpint (uplink_frame_get_kind (read), ==, kind);
  if (kind == uplink_frame_get_kind (frame))
    assert_same_frame (frame, read);
  else
    g_assert_cmpint (uplink_frame_get_id (read), ==, uplink_frame_get_id (frame));

  again = build (kind, read);
  g_assert_cmpstr (again, ==, text);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* GSlice keeps freed and leaked blocks alike in its magazines, out of
   * LeakSanitizer's sight; run-fuzz sets this too, before GLib loads. */
  g_setenv ("G_SLICE", "always-malloc", FALSE);
  /* A failed g_return_if_fail() means the parser broke a promise to its
   * callers: make it a crash that libFuzzer keeps. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* libFuzzer passes exactly @size bytes in a heap block of that size,
   * with no nul after them, so AddressSanitizer stops any read past the
   * length the parser is given. */
  const char *text = data != NULL ? (const char *) data : "";
  g_autoptr(UplinkFrame) frame = NULL;
  g_autoptr(GError) error = NULL;
  UplinkFrameKind kind;

  frame = uplink_frame_parse (text, size, &error);
  check_outcome (frame, error);
  check_contract (text, size, frame, error);
  check_nul_terminated (text, size, frame, error);
  check_guarded (text, size, frame, error);
  if (frame == NULL)
    return 0;

  check_getters (frame);
  kind = uplink_frame_get_kind (frame);
  if (kind != UPLINK_FRAME_KIND_OTHER)
    check_round_trip (frame, kind);

  /* The reference server answers a ping with a pong of the same id, and
   * the client matches them by id. */
  if (kind == UPLINK_FRAME_KIND_PING)
    check_round_trip (frame, UPLINK_FRAME_KIND_PONG);
  else if (kind == UPLINK_FRAME_KIND_PONG)
    check_round_trip (frame, UPLINK_FRAME_KIND_PING);

  return 0;
}
