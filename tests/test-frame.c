/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <uplink.h>

#include "uplink-frame.h"

static UplinkFrame *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  UplinkFrame *frame = uplink_frame_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (frame);
  return frame;
}

static void
assert_kind (const char      *text,
             UplinkFrameKind  kind)
{
  g_autoptr(UplinkFrame) frame = parse_ok (text);

  g_assert_cmpint (uplink_frame_get_kind (frame), ==, kind);
}

static void
assert_refused (const char          *text,
                gssize               length,
                UplinkProtocolError  code,
                const char          *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UplinkFrame) frame = uplink_frame_parse (text, length, &error);

  if (frame != NULL)
    g_error ("“%s” was accepted", text);
  g_assert_error (error, UPLINK_PROTOCOL_ERROR, (int) code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (in_message != NULL && strstr (error->message, in_message) == NULL)
    g_error ("“%s” does not name “%s”", error->message, in_message);
}

static char *
nest (const char *open,
      guint       depth,
      const char *inner,
      const char *close)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, open);
  g_string_append (text, inner);
  for (guint i = 0; i < depth; i++)
    g_string_append (text, close);
  return g_string_free (text, FALSE);
}

static void
test_throttle (void)
{
  const char * const features[] = { "typing", "presence", NULL };
  g_autoptr(UplinkFrame) frame =
    parse_ok ("{\"type\":\"throttle\",\"features\":[\"typing\",\"presence\"],"
              "\"retry_after\":30,\"reason\":\"busy\"}");

  g_assert_cmpint (uplink_frame_get_kind (frame), ==, UPLINK_FRAME_KIND_THROTTLE);
  g_assert_cmpstrv (uplink_frame_get_features (frame), features);
  g_assert_cmpfloat (uplink_frame_get_retry_after (frame), ==, 30);
  g_assert_cmpstr (uplink_frame_get_reason (frame), ==, "busy");
  g_assert_cmpint (uplink_frame_get_id (frame), ==, -1);
}

static void
test_throttle_minimal (void)
{
  g_autoptr(UplinkFrame) frame = parse_ok ("{\"type\":\"throttle\",\"features\":[]}");
  g_autoptr(UplinkFrame) nulls = parse_ok ("{\"type\":\"throttle\",\"features\":[\"a\"],"
                                           "\"retry_after\":null,\"reason\":null}");

  g_assert_cmpint (uplink_frame_get_kind (frame), ==, UPLINK_FRAME_KIND_THROTTLE);
  g_assert_nonnull (uplink_frame_get_features (frame));
  g_assert_null (uplink_frame_get_features (frame)[0]);
  g_assert_cmpfloat (uplink_frame_get_retry_after (frame), ==, -1);
  g_assert_null (uplink_frame_get_reason (frame));

  g_assert_cmpfloat (uplink_frame_get_retry_after (nulls), ==, -1);
  g_assert_null (uplink_frame_get_reason (nulls));
}

static void
test_throttle_retry_after (void)
{
  static const struct
  {
    const char *value;
    double seconds;
  } cases[] = {
    { "0", 0 },
    { "-0", 0 },
    { "-0.0", 0 },
    { "0.25", 0.25 },
    { "0.0001", 0.0001 },
    { "3e-24", 0 },
    { "2.5e1", 25 },
    { "86400", UPLINK_FRAME_MAX_RETRY_AFTER },
    { "86400.5", UPLINK_FRAME_MAX_RETRY_AFTER },
    { "1e300", UPLINK_FRAME_MAX_RETRY_AFTER },
    { "99999999999999999999", UPLINK_FRAME_MAX_RETRY_AFTER },
    { "9223372036854775807", UPLINK_FRAME_MAX_RETRY_AFTER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"type\":\"throttle\",\"features\":[],"
                                               "\"retry_after\":%s}", cases[i].value);
      g_autoptr(UplinkFrame) frame = parse_ok (text);

      g_assert_cmpfloat (uplink_frame_get_retry_after (frame), ==, cases[i].seconds);
      g_assert_false (signbit (uplink_frame_get_retry_after (frame)));
    }
}

static void
test_unthrottle (void)
{
  g_autoptr(UplinkFrame) frame = parse_ok (" \n{\"type\":\"unthrottle\",\"extra\":{\"a\":[1,2]}}\t");

  g_assert_cmpint (uplink_frame_get_kind (frame), ==, UPLINK_FRAME_KIND_UNTHROTTLE);
  g_assert_null (uplink_frame_get_features (frame)[0]);
  g_assert_cmpfloat (uplink_frame_get_retry_after (frame), ==, -1);
  g_assert_null (uplink_frame_get_reason (frame));
  g_assert_cmpint (uplink_frame_get_id (frame), ==, -1);
}

static void
test_ping_pong (void)
{
  static const struct
  {
    const char *text;
    UplinkFrameKind kind;
    gint64 id;
  } cases[] = {
    { "{\"type\":\"ping\",\"id\":0}", UPLINK_FRAME_KIND_PING, 0 },
    { "{\"id\":7,\"type\":\"ping\"}", UPLINK_FRAME_KIND_PING, 7 },
    { "{\"type\":\"pong\",\"id\":42}", UPLINK_FRAME_KIND_PONG, 42 },
    { "{\"type\":\"pong\",\"id\":-0}", UPLINK_FRAME_KIND_PONG, 0 },
    { "{\"type\":\"pong\",\"id\":9223372036854775807}", UPLINK_FRAME_KIND_PONG, G_MAXINT64 },
    { "{\"type\":\"pong\",\"id\":1e2}", UPLINK_FRAME_KIND_PONG, 100 },
    { "{\"type\":\"pong\",\"id\":3.0}", UPLINK_FRAME_KIND_PONG, 3 },
    { "{\"type\":\"pong\",\"id\":4,\"big\":99999999999999999999}", UPLINK_FRAME_KIND_PONG, 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(UplinkFrame) frame = parse_ok (cases[i].text);

      g_assert_cmpint (uplink_frame_get_kind (frame), ==, cases[i].kind);
      g_assert_cmpint (uplink_frame_get_id (frame), ==, cases[i].id);
      g_assert_null (uplink_frame_get_features (frame)[0]);
    }
}

static void
test_other (void)
{
  static const char * const texts[] = {
    "hello",
    "  hello {",
    "[1,2,3]",
    "[{\"type\":\"ping\",\"id\":1}]",
    "\"a string\"",
    "42",
    "{}",
    "{\"no\":\"type\"}",
    "{\"type\":5,\"id\":1}",
    "{\"type\":null}",
    "{\"type\":[\"ping\"]}",
    "{\"type\":\"chat\",\"text\":\"hi\"}",
    "{\"type\":\"PING\",\"id\":1}",
    "{\"type\":\"pingx\",\"id\":\"not checked\"}",
    "{\"type\":\"\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_kind (texts[i], UPLINK_FRAME_KIND_OTHER);
}

static void
test_empty (void)
{
  g_autoptr(UplinkFrame) empty = parse_ok ("");
  g_autoptr(UplinkFrame) blank = parse_ok (" \t\r\n ");
  g_autoptr(UplinkFrame) cut = uplink_frame_parse ("{\"type\":\"unthrottle\"}", 0, NULL);

  g_assert_cmpint (uplink_frame_get_kind (empty), ==, UPLINK_FRAME_KIND_OTHER);
  g_assert_cmpint (uplink_frame_get_kind (blank), ==, UPLINK_FRAME_KIND_OTHER);
  g_assert_cmpint (uplink_frame_get_kind (cut), ==, UPLINK_FRAME_KIND_OTHER);
}

static void
test_length (void)
{
  const char *text = "{\"type\":\"unthrottle\"}trailing bytes that are not part of the frame";
  g_autoptr(UplinkFrame) frame = uplink_frame_parse (text, strlen ("{\"type\":\"unthrottle\"}"), NULL);

  g_assert_nonnull (frame);
  g_assert_cmpint (uplink_frame_get_kind (frame), ==, UPLINK_FRAME_KIND_UNTHROTTLE);
  assert_refused (text, strlen ("{\"type\":\"unthrottle\""), UPLINK_PROTOCOL_ERROR_MALFORMED, NULL);
}

static void
test_malformed (void)
{
  static const char * const texts[] = {
    "{",
    "{\"type\":",
    "{\"type\":\"ping\",}",
    "{\"type\":\"ping\"",
    "{\"type\":\"ping\" \"id\":1}",
    "{type:\"ping\"}",
    "{\"type\":\"unthrottle\"}}",
    "{\"type\":\"unthrottle\"}{\"type\":\"ping\",\"id\":1}",
    "{\"type\":\"unthrottle\"} x",
    /* json-glib would take these; JSON does not. */
    "{'type':'unthrottle'}",
    "{\"type\":\"unthrottle\" /* comment */}",
    "{\"type\":\"ping\",\"id\":0x10}",
    "{\"type\":\"ping\",\"id\":01}",
    "{\"type\":\"ping\",\"id\":+1}",
    "{\"type\":\"ping\",\"id\":- 1}",
    "{\"type\":\"ping\",\"id\":1.}",
    "{\"type\":\"ping\",\"id\":1e}",
    "{\"type\":\"ping\",\"id\":NaN}",
    "{\"type\":\"ping\",\"id\":Infinity}",
    "{\"type\":\"ping\",\"id\":undefined}",
    "{\"type\":\"unthrottle\",\"s\":\"\\ud800\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_refused (texts[i], -1, UPLINK_PROTOCOL_ERROR_MALFORMED, NULL);
}

static void
test_escapes (void)
{
  static const char * const refused[] = {
    "{\"type\":\"unthrottle\",\"s\":\"\\x41\"}",
    "{\"type\":\"unthrottle\",\"s\":\"\\u12\"}",
    "{\"type\":\"unthrottle\",\"s\":\"\\u12G4\"}",
    "{\"type\":\"unthrottle\",\"s\":\"\\udc00\"}",
    "{\"type\":\"unthrottle\",\"s\":\"\\ud800\\u0041\"}",
    "{\"type\":\"unthrottle\",\"s\":\"\\ud800x\"}",
    "{\"type\":\"unthrottle\",\"s\":\"\\ud800\\ud800\\udc00\"}",
    "{\"type\":\"unthrottle\",\"s\":\"\\ud800\"}",
  };
  g_autoptr(UplinkFrame) frame =
    parse_ok ("{\"type\":\"throttle\",\"features\":[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"],"
              "\"reason\":\"\\u00e9\\ud83d\\ude00\"}");
  const char * const features[] = { "a\"b\\c/d\b\f\n\r\t", NULL };

  g_assert_cmpstrv (uplink_frame_get_features (frame), features);
  g_assert_cmpstr (uplink_frame_get_reason (frame), ==, "\xc3\xa9\xf0\x9f\x98\x80");

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    assert_refused (refused[i], -1, UPLINK_PROTOCOL_ERROR_MALFORMED, NULL);
}

static void
test_bad_members (void)
{
  static const struct
  {
    const char *text;
    const char *member;
  } cases[] = {
    { "{\"type\":\"throttle\"}", "features" },
    { "{\"type\":\"throttle\",\"features\":null}", "features" },
    { "{\"type\":\"throttle\",\"features\":5}", "features" },
    { "{\"type\":\"throttle\",\"features\":\"typing\"}", "features" },
    { "{\"type\":\"throttle\",\"features\":{\"a\":\"b\"}}", "features" },
    { "{\"type\":\"throttle\",\"features\":[\"a\",1]}", "features" },
    { "{\"type\":\"throttle\",\"features\":[\"a\",null]}", "features" },
    { "{\"type\":\"throttle\",\"features\":[[\"a\"]]}", "features" },
    { "{\"type\":\"throttle\",\"features\":[],\"reason\":5}", "reason" },
    { "{\"type\":\"throttle\",\"features\":[],\"reason\":[\"x\"]}", "reason" },
    { "{\"type\":\"throttle\",\"features\":[],\"retry_after\":\"30\"}", "retry_after" },
    { "{\"type\":\"throttle\",\"features\":[],\"retry_after\":true}", "retry_after" },
    { "{\"type\":\"throttle\",\"features\":[],\"retry_after\":-4}", "retry_after" },
    { "{\"type\":\"throttle\",\"features\":[],\"retry_after\":-0.5}", "retry_after" },
    { "{\"type\":\"throttle\",\"features\":[],\"retry_after\":1e400}", "retry_after" },
    { "{\"type\":\"throttle\",\"features\":[],\"retry_after\":-1e400}", "retry_after" },
    { "{\"type\":\"throttle\",\"features\":[],\"retry_after\":-99999999999999999999}", "retry_after" },
    { "{\"type\":\"ping\"}", "id" },
    { "{\"type\":\"ping\",\"id\":null}", "id" },
    { "{\"type\":\"ping\",\"id\":\"1\"}", "id" },
    { "{\"type\":\"ping\",\"id\":true}", "id" },
    { "{\"type\":\"ping\",\"id\":[1]}", "id" },
    { "{\"type\":\"pong\",\"id\":-1}", "id" },
    { "{\"type\":\"pong\",\"id\":1.5}", "id" },
    { "{\"type\":\"pong\",\"id\":-0.5}", "id" },
    { "{\"type\":\"pong\",\"id\":1e400}", "id" },
    { "{\"type\":\"pong\",\"id\":1e19}", "id" },
    { "{\"type\":\"pong\",\"id\":9223372036854775808}", "id" },
    { "{\"type\":\"pong\",\"id\":9.223372036854775808e18}", "id" },
    { "{\"type\":\"pong\",\"id\":99999999999999999999}", "id" },
    { "{\"type\":\"pong\",\"id\":18446744073709551617}", "id" },
    { "{\"type\":\"pong\",\"id\":-18446744073709551615}", "id" },
    { "{\"type\":\"pong\",\"id\":-9223372036854775809}", "id" },
    { "{\"type\":\"pong\",\"id\":-9223372036854775808}", "id" },
    { "{\"type\":\"pong\",\"id\":100000000000000000000000000000000000000000}", "id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *quoted = g_strdup_printf ("“%s”", cases[i].member);

      assert_refused (cases[i].text, -1, UPLINK_PROTOCOL_ERROR_BAD_MEMBER, quoted);
    }
}

static void
test_invalid_utf8 (void)
{
  static const char nul_inside[] = "{\"type\":\"unthrottle\"}\0";

  assert_refused ("\xff", -1, UPLINK_PROTOCOL_ERROR_INVALID_UTF8, NULL);
  assert_refused ("hello \xc3\x28", -1, UPLINK_PROTOCOL_ERROR_INVALID_UTF8, NULL);
  assert_refused ("{\"type\":\"throttle\",\"features\":[\"\xed\xa0\x80\"]}", -1,
                  UPLINK_PROTOCOL_ERROR_INVALID_UTF8, NULL);
  assert_refused (nul_inside, sizeof nul_inside - 1, UPLINK_PROTOCOL_ERROR_INVALID_UTF8, NULL);
}

static void
test_depth_limit (void)
{
  g_autofree char *inner = nest ("[", UPLINK_FRAME_MAX_DEPTH - 1, "", "]");
  g_autofree char *deepest = g_strdup_printf ("{\"type\":\"unthrottle\",\"x\":%s}", inner);
  g_autofree char *too_deep = g_strdup_printf ("{\"type\":\"unthrottle\",\"x\":[%s]}", inner);
  g_autofree char *objects = nest ("{\"a\":", UPLINK_FRAME_MAX_DEPTH, "1", "}");
  g_autofree char *more_objects = nest ("{\"a\":", UPLINK_FRAME_MAX_DEPTH + 1, "1", "}");
  g_autofree char *unterminated = nest ("[", UPLINK_FRAME_MAX_DEPTH, "", "");
  g_autofree char *unclosed = g_strdup_printf ("{\"type\":\"throttle\",\"x\":%s", unterminated);

  assert_kind (deepest, UPLINK_FRAME_KIND_UNTHROTTLE);
  assert_refused (too_deep, -1, UPLINK_PROTOCOL_ERROR_TOO_DEEP, NULL);
  assert_kind (objects, UPLINK_FRAME_KIND_OTHER);
  assert_refused (more_objects, -1, UPLINK_PROTOCOL_ERROR_TOO_DEEP, NULL);
  assert_refused (unclosed, -1, UPLINK_PROTOCOL_ERROR_TOO_DEEP, NULL);
}

static void
test_depth_huge (void)
{
  g_autofree char *brackets = nest ("[", 1024 * 1024, "", "");
  g_autofree char *text = g_strconcat ("{\"x\":", brackets, NULL);
  gint64 start = g_get_monotonic_time ();

  assert_refused (text, -1, UPLINK_PROTOCOL_ERROR_TOO_DEEP, NULL);
  /* Refused at the 65th bracket, long before the end. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 10);
}

static void
test_depth_strings (void)
{
  g_autofree char *brackets = nest ("[{", 1000, "", "");
  g_autofree char *in_string = g_strdup_printf ("{\"type\":\"ping\",\"id\":1,\"x\":\"%s\"}", brackets);
  g_autofree char *escaped = g_strdup_printf ("{\"x\":\"\\\"%s\\\\\",\"type\":\"pong\",\"id\":2}", brackets);
  g_autofree char *closers = nest ("]}", 1000, "", "");
  g_autofree char *in_key = g_strdup_printf ("{\"%s\":true,\"type\":\"unthrottle\"}", closers);
  g_autofree char *hidden = g_strdup_printf ("{'\"':%s}", brackets);

  assert_kind (in_string, UPLINK_FRAME_KIND_PING);
  assert_kind (escaped, UPLINK_FRAME_KIND_PONG);
  assert_kind (in_key, UPLINK_FRAME_KIND_UNTHROTTLE);
  /* A single-quoted string is not JSON, so it cannot hide the nesting. */
  assert_refused (hidden, -1, UPLINK_PROTOCOL_ERROR_MALFORMED, NULL);
}

static UplinkFrame *
parse_built (char *text)
{
  g_autofree char *owned = text;

  g_assert_nonnull (owned);
  return parse_ok (owned);
}

static void
test_build_throttle (void)
{
  const char * const features[] = { "typing", "présence", "quote\"back\\slash", NULL };
  g_autoptr(UplinkFrame) full = parse_built (uplink_frame_build_throttle (features, 1.5, "busy \"now\"\n"));
  g_autoptr(UplinkFrame) bare = parse_built (uplink_frame_build_throttle (NULL, -1, NULL));
  g_autoptr(UplinkFrame) clamped = parse_built (uplink_frame_build_throttle (NULL, INFINITY, NULL));
  g_autoptr(UplinkFrame) fraction = parse_built (uplink_frame_build_throttle (NULL, 0.1, NULL));
  g_autoptr(UplinkFrame) tiny = parse_built (uplink_frame_build_throttle (NULL, 3e-24, NULL));

  g_assert_cmpint (uplink_frame_get_kind (full), ==, UPLINK_FRAME_KIND_THROTTLE);
  g_assert_cmpstrv (uplink_frame_get_features (full), features);
  g_assert_cmpfloat (uplink_frame_get_retry_after (full), ==, 1.5);
  g_assert_cmpstr (uplink_frame_get_reason (full), ==, "busy \"now\"\n");

  g_assert_cmpint (uplink_frame_get_kind (bare), ==, UPLINK_FRAME_KIND_THROTTLE);
  g_assert_null (uplink_frame_get_features (bare)[0]);
  g_assert_cmpfloat (uplink_frame_get_retry_after (bare), ==, -1);
  g_assert_null (uplink_frame_get_reason (bare));

  g_assert_cmpfloat (uplink_frame_get_retry_after (clamped), ==, UPLINK_FRAME_MAX_RETRY_AFTER);
  g_assert_cmpfloat (uplink_frame_get_retry_after (fraction), ==, 0.1);
  g_assert_cmpfloat (uplink_frame_get_retry_after (tiny), ==, 0);
}

static void
test_build_others (void)
{
  g_autoptr(UplinkFrame) unthrottle = parse_built (uplink_frame_build_unthrottle ());
  g_autoptr(UplinkFrame) ping = parse_built (uplink_frame_build_ping (0));
  g_autoptr(UplinkFrame) pong = parse_built (uplink_frame_build_pong (G_MAXINT64));

  g_assert_cmpint (uplink_frame_get_kind (unthrottle), ==, UPLINK_FRAME_KIND_UNTHROTTLE);
  g_assert_cmpint (uplink_frame_get_kind (ping), ==, UPLINK_FRAME_KIND_PING);
  g_assert_cmpint (uplink_frame_get_id (ping), ==, 0);
  g_assert_cmpint (uplink_frame_get_kind (pong), ==, UPLINK_FRAME_KIND_PONG);
  g_assert_cmpint (uplink_frame_get_id (pong), ==, G_MAXINT64);
}

static void
test_ref (void)
{
  UplinkFrame *frame = parse_ok ("{\"type\":\"ping\",\"id\":5}");

  g_assert_true (uplink_frame_ref (frame) == frame);
  uplink_frame_unref (frame);
  g_assert_cmpint (uplink_frame_get_id (frame), ==, 5);
  uplink_frame_unref (frame);

  g_assert_cmpstr (g_quark_to_string (UPLINK_PROTOCOL_ERROR), ==, "uplink-protocol-error-quark");
}

static void
expect_critical (void)
{
  g_test_expect_message ("Uplink", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
}

static void
test_null_arguments (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) set = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "already set");

  expect_critical ();
  g_assert_null (uplink_frame_parse (NULL, -1, &error));
  g_assert_no_error (error);
  expect_critical ();
  g_assert_null (uplink_frame_parse ("{}", -1, &set));
  expect_critical ();
  g_assert_null (uplink_frame_ref (NULL));
  expect_critical ();
  uplink_frame_unref (NULL);
  expect_critical ();
  g_assert_cmpint (uplink_frame_get_kind (NULL), ==, UPLINK_FRAME_KIND_OTHER);
  expect_critical ();
  g_assert_nonnull (uplink_frame_get_features (NULL));
  expect_critical ();
  g_assert_cmpfloat (uplink_frame_get_retry_after (NULL), ==, -1);
  expect_critical ();
  g_assert_null (uplink_frame_get_reason (NULL));
  expect_critical ();
  g_assert_cmpint (uplink_frame_get_id (NULL), ==, -1);
  g_test_assert_expected_messages ();
}

static void
test_bad_build_arguments (void)
{
  const char * const bad_features[] = { "ok", "\xff", NULL };

  expect_critical ();
  g_assert_null (uplink_frame_build_ping (-1));
  expect_critical ();
  g_assert_null (uplink_frame_build_pong (G_MININT64));
  expect_critical ();
  g_assert_null (uplink_frame_build_throttle (NULL, NAN, NULL));
  expect_critical ();
  g_assert_null (uplink_frame_build_throttle (bad_features, 1, NULL));
  expect_critical ();
  g_assert_null (uplink_frame_build_throttle (NULL, 1, "\xc3"));
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frame/throttle", test_throttle);
  g_test_add_func ("/frame/throttle/minimal", test_throttle_minimal);
  g_test_add_func ("/frame/throttle/retry-after", test_throttle_retry_after);
  g_test_add_func ("/frame/unthrottle", test_unthrottle);
  g_test_add_func ("/frame/ping-pong", test_ping_pong);
  g_test_add_func ("/frame/other", test_other);
  g_test_add_func ("/frame/empty", test_empty);
  g_test_add_func ("/frame/length", test_length);
  g_test_add_func ("/frame/malformed", test_malformed);
  g_test_add_func ("/frame/escapes", test_escapes);
  g_test_add_func ("/frame/bad-members", test_bad_members);
  g_test_add_func ("/frame/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/frame/depth/limit", test_depth_limit);
  g_test_add_func ("/frame/depth/huge", test_depth_huge);
  g_test_add_func ("/frame/depth/strings", test_depth_strings);
  g_test_add_func ("/frame/build/throttle", test_build_throttle);
  g_test_add_func ("/frame/build/others", test_build_others);
  g_test_add_func ("/frame/ref", test_ref);
  g_test_add_func ("/frame/null-arguments", test_null_arguments);
  g_test_add_func ("/frame/bad-build-arguments", test_bad_build_arguments);

  return g_test_run ();
}
