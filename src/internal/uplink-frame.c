/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "uplink-frame.h"

/*
 * UplinkFrame:
 *
 * A text frame read as a protocol v1 message.
 *
 * [func@Frame.parse] makes one from the text of a WebSocket frame; its
 * [enum@FrameKind] says which message it is, and the getters return the
 * members that message carries. Frames are immutable and reference
 * counted.
 *
 * The `uplink_frame_build_*()` functions write the text of each message.
 */
struct _UplinkFrame
{
  UplinkFrameKind kind;
  char **features;
  double retry_after;
  char *reason;
  gint64 id;
};

/*
 * uplink_protocol_error_quark:
 *
 * Gets the error domain of frames that are not protocol v1.
 *
 * C code uses the `UPLINK_PROTOCOL_ERROR` macro instead; the codes are
 * those of [error@ProtocolError].
 *
 * Returns: the error quark
 */
G_DEFINE_QUARK (uplink-protocol-error-quark, uplink_protocol_error)

/* The first double beyond the range of gint64. */
#define GINT64_LIMIT 9223372036854775808.0

/* json-glib 1.6 writes a double below 1e-4 with an exponent and then, when
 * it has no point, appends ".0": 3e-24 becomes 3e-24.0, which is not
 * JSON. A wait that short is none (timers count milliseconds), so reading
 * and writing both take it as 0. */
#define RETRY_AFTER_MIN 1e-4

static UplinkFrame *
frame_new (UplinkFrameKind kind)
{
  UplinkFrame *self = g_atomic_rc_box_new0 (UplinkFrame);

  self->kind = kind;
  self->retry_after = -1;
  self->id = -1;
  return self;
}

static void
frame_clear (UplinkFrame *self)
{
  g_strfreev (self->features);
  g_free (self->reason);
}

/* Reading the text
 *
 * json-glib 1.6 accepts more than JSON: single-quoted strings and C
 * comments, in which brackets would hide from a count that only knows
 * JSON, and integers beyond gint64, which it wraps around without a word.
 * Its strings go wrong on \u escapes of UTF-16 surrogates that do not
 * pair up: it returns bytes that are not UTF-8, even in its error
 * messages, and leaks when another \u escape follows.
 * So before json-glib sees a frame, one pass admits only JSON's tokens
 * outside strings and JSON's escapes inside them, counts the nesting, and
 * notes where each integer too big for gint64 ends, so that it can be read
 * as a double instead.
 */

static gboolean
malformed_at (GError **error,
              gsize    offset)
{
  g_set_error (error, UPLINK_PROTOCOL_ERROR, UPLINK_PROTOCOL_ERROR_MALFORMED,
               _("Not valid JSON: unexpected character at byte %lu"),
               (gulong) offset);
  return FALSE;
}

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static gsize
skip_space (const char *text,
            gsize       length,
            gsize       i)
{
  while (i < length && is_json_space (text[i]))
    i++;
  return i;
}

static gboolean
read_utf16_unit (const char *text,
                 gsize       length,
                 gsize       i,
                 gunichar   *unit)
{
  *unit = 0;
  if (length - i < 4)
    return FALSE;

  for (gsize end = i + 4; i < end; i++)
    {
      int digit = g_ascii_xdigit_value (text[i]);

      if (digit < 0)
        return FALSE;
      *unit = *unit << 4 | (gunichar) digit;
    }
  return TRUE;
}

static gboolean
is_high_surrogate (gunichar unit)
{
  return unit >= 0xd800 && unit <= 0xdbff;
}

static gboolean
is_low_surrogate (gunichar unit)
{
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/* Returns the offset after the closing quote, or @length if there is none
 * (json-glib then reports the unterminated string), or 0 when an escape
 * is not JSON's or a surrogate has no partner. */
static gsize
skip_string (const char *text,
             gsize       length,
             gsize       i)
{
  for (i++; i < length; i++)
    {
      gunichar unit;

      if (text[i] == '"')
        return i + 1;
      if (text[i] != '\\')
        continue;

      if (++i == length)
        return length;
      /* The text holds no nul, which strchr() would find. */
      if (text[i] != 'u')
        {
          if (strchr ("\"\\/bfnrt", text[i]) == NULL)
            return 0;
          continue;
        }

      if (!read_utf16_unit (text, length, i + 1, &unit) || is_low_surrogate (unit))
        return 0;
      i += 4;
      if (is_high_surrogate (unit))
        {
          if (length - i < 7 || text[i + 1] != '\\' || text[i + 2] != 'u' ||
              !read_utf16_unit (text, length, i + 3, &unit) || !is_low_surrogate (unit))
            return 0;
          i += 6;
        }
    }
  return length;
}

/* Past the ASCII digits from @i on; shared with the socket.io reader. */
gsize
uplink_skip_digits (const char *text,
                    gsize       length,
                    gsize       i)
{
  while (i < length && g_ascii_isdigit (text[i]))
    i++;
  return i;
}

static gboolean
integer_fits (const char *digits,
              gsize       n_digits,
              gboolean    negative)
{
  const char *limit = negative ? "9223372036854775808" : "9223372036854775807";
  gsize limit_digits = strlen (limit);

  return n_digits < limit_digits ||
         (n_digits == limit_digits && memcmp (digits, limit, n_digits) <= 0);
}

/* Scans the number at @i as JSON writes them. Returns the offset after it,
 * or 0 when it is not one. */
static gsize
scan_number (const char *text,
             gsize       length,
             gsize       i,
             GArray     *wide_integers)
{
  gboolean negative = text[i] == '-';
  gsize digits, end;

  if (negative)
    i++;
  digits = i;
  end = uplink_skip_digits (text, length, digits);
  if (end == digits || (text[digits] == '0' && end - digits > 1))
    return 0;

  if (end < length && (text[end] == '.' || text[end] == 'e' || text[end] == 'E'))
    {
      if (text[end] == '.')
        {
          i = end + 1;
          end = uplink_skip_digits (text, length, i);
          if (end == i)
            return 0;
        }
      if (end < length && (text[end] == 'e' || text[end] == 'E'))
        {
          i = end + 1;
          if (i < length && (text[i] == '+' || text[i] == '-'))
            i++;
          end = uplink_skip_digits (text, length, i);
          if (end == i)
            return 0;
        }
      return end;
    }

  if (!integer_fits (text + digits, end - digits, negative))
    g_array_append_val (wide_integers, end);
  return end;
}

/* Returns the offset after the true, false or null at @i, or 0 when there
 * is none. */
static gsize
scan_literal (const char *text,
              gsize       length,
              gsize       i)
{
  static const char * const literals[] = { "true", "false", "null" };

  for (guint j = 0; j < G_N_ELEMENTS (literals); j++)
    {
      gsize n = strlen (literals[j]);

      if (length - i >= n && memcmp (text + i, literals[j], n) == 0)
        return i + n;
    }
  return 0;
}

static gboolean
scan_json (const char  *text,
           gsize        length,
           GArray      *wide_integers,
           GError     **error)
{
  guint depth = 0;
  gsize i = 0;

  while (i < length)
    {
      char c = text[i];

      if (c == '"')
        {
          gsize end = skip_string (text, length, i);

          if (end == 0)
            return malformed_at (error, i);
          i = end;
        }
      else if (c == '{' || c == '[')
        {
          if (++depth > UPLINK_FRAME_MAX_DEPTH)
            {
              g_set_error (error, UPLINK_PROTOCOL_ERROR, UPLINK_PROTOCOL_ERROR_TOO_DEEP,
                           _("Nested more than %d levels deep"), UPLINK_FRAME_MAX_DEPTH);
              return FALSE;
            }
          i++;
        }
      else if (c == '}' || c == ']')
        {
          if (depth == 0)
            return malformed_at (error, i);
          i++;
          /* Nothing may follow the message: json-glib would drop it. */
          if (--depth == 0 && skip_space (text, length, i) < length)
            return malformed_at (error, skip_space (text, length, i));
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          gsize end = scan_number (text, length, i, wide_integers);

          if (end == 0)
            return malformed_at (error, i);
          i = end;
        }
      else if (c == 't' || c == 'f' || c == 'n')
        {
          gsize end = scan_literal (text, length, i);

          if (end == 0)
            return malformed_at (error, i);
          i = end;
        }
      else if (c == ':' || c == ',' || is_json_space (c))
        {
          i++;
        }
      else
        {
          return malformed_at (error, i);
        }
    }

  return TRUE;
}

/* Turns each integer that gint64 cannot hold into a fraction, which
 * json-glib reads as a double. */
static char *
widen_integers (const char   *text,
                gsize         length,
                const GArray *wide_integers)
{
  GString *widened = g_string_sized_new (length + 2 * wide_integers->len);
  gsize copied = 0;

  for (guint i = 0; i < wide_integers->len; i++)
    {
      gsize end = g_array_index (wide_integers, gsize, i);

      g_string_append_len (widened, text + copied, end - copied);
      g_string_append (widened, ".0");
      copied = end;
    }
  g_string_append_len (widened, text + copied, length - copied);
  return g_string_free (widened, FALSE);
}

/* Reading the members */

static gboolean
holds_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
holds_number (JsonNode *node,
              double   *value)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
missing_member (GError     **error,
                const char  *member)
{
  g_set_error (error, UPLINK_PROTOCOL_ERROR, UPLINK_PROTOCOL_ERROR_BAD_MEMBER,
               _("The “%s” member is missing"), member);
  return FALSE;
}

static gboolean
bad_member (GError     **error,
            const char  *message)
{
  g_set_error_literal (error, UPLINK_PROTOCOL_ERROR, UPLINK_PROTOCOL_ERROR_BAD_MEMBER, message);
  return FALSE;
}

static gboolean
read_features (UplinkFrame  *frame,
               JsonObject   *object,
               GError      **error)
{
  JsonNode *node = json_object_get_member (object, "features");
  g_autoptr(GStrvBuilder) features = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL)
    return missing_member (error, "features");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return bad_member (error, _("“features” must be an array of strings"));

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!holds_string (element))
        return bad_member (error, _("“features” must be an array of strings"));
      g_strv_builder_add (features, json_node_get_string (element));
    }

  frame->features = g_strv_builder_end (features);
  return TRUE;
}

static gboolean
read_retry_after (UplinkFrame  *frame,
                  JsonObject   *object,
                  GError      **error)
{
  JsonNode *node = json_object_get_member (object, "retry_after");
  double value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!holds_number (node, &value) || !isfinite (value) || value < 0)
    return bad_member (error, _("“retry_after” must be a number of seconds, zero or more"));

  /* Written this way round so that -0 becomes 0. */
  frame->retry_after = value >= RETRY_AFTER_MIN ? MIN (value, UPLINK_FRAME_MAX_RETRY_AFTER) : 0;
  return TRUE;
}

static gboolean
read_reason (UplinkFrame  *frame,
             JsonObject   *object,
             GError      **error)
{
  JsonNode *node = json_object_get_member (object, "reason");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!holds_string (node))
    return bad_member (error, _("“reason” must be a string"));

  frame->reason = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_throttle (UplinkFrame  *frame,
               JsonObject   *object,
               GError      **error)
{
  return read_features (frame, object, error) &&
         read_retry_after (frame, object, error) &&
         read_reason (frame, object, error);
}

static gboolean
holds_id (JsonNode *node,
          gint64   *id)
{
  double value;

  if (!holds_number (node, &value))
    return FALSE;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *id = json_node_get_int (node);
      return *id >= 0;
    }

  /* Written so that NaN fails too. */
  if (!(value >= 0 && value < GINT64_LIMIT) || value != (double) (gint64) value)
    return FALSE;
  *id = (gint64) value;
  return TRUE;
}

static gboolean
read_id (UplinkFrame  *frame,
         JsonObject   *object,
         GError      **error)
{
  JsonNode *node = json_object_get_member (object, "id");

  if (node == NULL)
    return missing_member (error, "id");
  if (!holds_id (node, &frame->id))
    return bad_member (error, _("“id” must be a whole number from 0 to 9223372036854775807"));
  return TRUE;
}

static gboolean
read_protocol (UplinkFrame  *frame,
               JsonObject   *object,
               GError      **error)
{
  JsonNode *node = json_object_get_member (object, "protocol");

  if (node == NULL)
    return missing_member (error, "protocol");
  if (!holds_string (node) || strcmp (json_node_get_string (node), UPLINK_FRAME_PROTOCOL) != 0)
    return bad_member (error, _("“protocol” must be “uplink.v1”"));
  return TRUE;
}

typedef gboolean (*ReadMembers) (UplinkFrame  *frame,
                                 JsonObject   *object,
                                 GError      **error);

static const struct
{
  const char *type;
  UplinkFrameKind kind;
  ReadMembers read;
} known_types[] = {
  { "throttle", UPLINK_FRAME_KIND_THROTTLE, read_throttle },
  { "unthrottle", UPLINK_FRAME_KIND_UNTHROTTLE, NULL },
  { "ping", UPLINK_FRAME_KIND_PING, read_id },
  { "pong", UPLINK_FRAME_KIND_PONG, read_id },
  { "hello", UPLINK_FRAME_KIND_HELLO, read_protocol },
};

static UplinkFrame *
frame_from_object (JsonObject  *object,
                   GError     **error)
{
  JsonNode *type = json_object_get_member (object, "type");
  const char *name;

  if (type == NULL || !holds_string (type))
    return frame_new (UPLINK_FRAME_KIND_OTHER);

  name = json_node_get_string (type);
  for (guint i = 0; i < G_N_ELEMENTS (known_types); i++)
    {
      g_autoptr(UplinkFrame) frame = NULL;

      if (strcmp (name, known_types[i].type) != 0)
        continue;

      frame = frame_new (known_types[i].kind);
      if (known_types[i].read != NULL && !known_types[i].read (frame, object, error))
        return NULL;
      return g_steal_pointer (&frame);
    }

  return frame_new (UPLINK_FRAME_KIND_OTHER);
}

/*
 * Parses @text, which starts with `{` after white space and is valid
 * UTF-8, as one JSON object, after the cheap checks that keep json-glib
 * from deep recursion and from integers it cannot hold. Shared with the
 * profiles that read JSON from servers (socket.io).
 */
JsonParser *
uplink_json_parse_object (const char  *text,
                          gsize        size,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GArray) wide_integers = NULL;
  g_autoptr(GError) json_error = NULL;
  g_autofree char *widened = NULL;

  wide_integers = g_array_new (FALSE, FALSE, sizeof (gsize));
  if (!scan_json (text, size, wide_integers, error))
    return NULL;
  if (wide_integers->len > 0)
    {
      widened = widen_integers (text, size, wide_integers);
      text = widened;
      size = strlen (widened);
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, size, &json_error))
    {
      /* json-glib quotes the text around the error cut at a byte count,
       * which can split a character in two. */
      g_autofree char *message = g_utf8_make_valid (json_error->message, -1);

      g_set_error (error, UPLINK_PROTOCOL_ERROR, UPLINK_PROTOCOL_ERROR_MALFORMED,
                   _("Not valid JSON: %s"), message);
      return NULL;
    }

  return g_steal_pointer (&parser);
}

/*
 * uplink_frame_parse:
 * @text: (array length=length) (element-type guint8): the text of a frame
 * @length: the length of @text in bytes, or -1 if it is nul-terminated
 * @error: return location for a [error@ProtocolError]
 *
 * Reads the text of a WebSocket frame as a protocol v1 message.
 *
 * Text whose first character other than white space is not `{` is a
 * frame of kind `UPLINK_FRAME_KIND_OTHER` at once. So is a JSON object
 * without a string `type` member, or whose `type` is not one of the
 * protocol's: such frames belong to whoever embeds the connection.
 *
 * A frame that nests objects and arrays more than
 * [const@FRAME_MAX_DEPTH] levels deep is refused before any JSON parsing.
 * Members that a message does not define are ignored; `null` stands for
 * an optional member that is absent.
 *
 * Returns: (transfer full) (nullable): the frame, or `NULL` with @error
 *   set if @text is not valid UTF-8 (a nul byte counts as invalid), nests
 *   too deeply, is not valid JSON, or is a protocol message with a member
 *   of the wrong type or out of range
 */
UplinkFrame *
uplink_frame_parse (const char  *text,
                    gssize       length,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  gsize size;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  size = length < 0 ? strlen (text) : (gsize) length;
  if (!g_utf8_validate_len (text, size, NULL))
    {
      g_set_error_literal (error, UPLINK_PROTOCOL_ERROR, UPLINK_PROTOCOL_ERROR_INVALID_UTF8,
                           _("The frame is not valid UTF-8"));
      return NULL;
    }

  if (skip_space (text, size, 0) == size || text[skip_space (text, size, 0)] != '{')
    return frame_new (UPLINK_FRAME_KIND_OTHER);

  parser = uplink_json_parse_object (text, size, error);
  if (parser == NULL)
    return NULL;

  return frame_from_object (json_node_get_object (json_parser_get_root (parser)), error);
}

/*
 * uplink_frame_ref:
 * @self: a frame
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 */
UplinkFrame *
uplink_frame_ref (UplinkFrame *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

/*
 * uplink_frame_unref:
 * @self: (transfer full): a frame
 *
 * Drops a reference to @self, and frees it when that was the last one.
 */
void
uplink_frame_unref (UplinkFrame *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) frame_clear);
}

/*
 * uplink_frame_get_kind:
 * @self: a frame
 *
 * Gets which protocol message @self is.
 *
 * Returns: the kind of message
 */
UplinkFrameKind
uplink_frame_get_kind (UplinkFrame *self)
{
  g_return_val_if_fail (self != NULL, UPLINK_FRAME_KIND_OTHER);

  return self->kind;
}

/*
 * uplink_frame_get_features:
 * @self: a frame
 *
 * Gets the features a throttle message pauses, in the order the server
 * listed them.
 *
 * Returns: (transfer none) (array zero-terminated=1): the features; an
 *   empty array if the server listed none, and for every other kind of
 *   message
 */
const char * const *
uplink_frame_get_features (UplinkFrame *self)
{
  static const char * const no_features[] = { NULL };

  g_return_val_if_fail (self != NULL, no_features);

  return self->features != NULL ? (const char * const *) self->features : no_features;
}

/*
 * uplink_frame_get_retry_after:
 * @self: a frame
 *
 * Gets how many seconds a throttle message asks to wait before the
 * features come back by themselves. Values above
 * [const@FRAME_MAX_RETRY_AFTER] are cut to it, and values below 0.1 ms
 * count as 0.
 *
 * Returns: the seconds, possibly with a fraction, or -1 when the message
 *   does not say
 */
double
uplink_frame_get_retry_after (UplinkFrame *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->retry_after;
}

/*
 * uplink_frame_get_reason:
 * @self: a frame
 *
 * Gets why the server throttles, in words meant for people.
 *
 * Returns: (nullable): the reason, or `NULL` when the message gives none
 */
const char *
uplink_frame_get_reason (UplinkFrame *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->reason;
}

/*
 * uplink_frame_get_id:
 * @self: a frame
 *
 * Gets the id of a ping or pong message.
 *
 * Returns: the id, zero or more, or -1 for other kinds of message
 */
gint64
uplink_frame_get_id (UplinkFrame *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->id;
}

/* Writing messages */

static JsonBuilder *
begin_message (const char *type)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  return builder;
}

static char *
end_message (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
strv_is_utf8 (const char * const *strv)
{
  for (; strv != NULL && *strv != NULL; strv++)
    {
      if (!g_utf8_validate (*strv, -1, NULL))
        return FALSE;
    }
  return TRUE;
}

/*
 * uplink_frame_build_throttle:
 * @features: (array zero-terminated=1) (nullable): the features to pause,
 *   or `NULL` for none
 * @retry_after: seconds after which the features come back by themselves,
 *   or a negative number to leave it open; values above
 *   [const@FRAME_MAX_RETRY_AFTER] are cut to it, values below 0.1 ms
 *   are written as 0
 * @reason: (nullable): why, in words meant for people
 *
 * Writes a throttle message.
 *
 * Returns: (transfer full): the text of the message
 */
char *
uplink_frame_build_throttle (const char * const *features,
                             double              retry_after,
                             const char         *reason)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (strv_is_utf8 (features), NULL);
  g_return_val_if_fail (!isnan (retry_after), NULL);
  g_return_val_if_fail (reason == NULL || g_utf8_validate (reason, -1, NULL), NULL);

  builder = begin_message ("throttle");
  json_builder_set_member_name (builder, "features");
  json_builder_begin_array (builder);
  for (; features != NULL && *features != NULL; features++)
    json_builder_add_string_value (builder, *features);
  json_builder_end_array (builder);

  if (retry_after >= 0)
    {
      json_builder_set_member_name (builder, "retry_after");
      json_builder_add_double_value (builder, retry_after >= RETRY_AFTER_MIN ?
                                     MIN (retry_after, UPLINK_FRAME_MAX_RETRY_AFTER) : 0);
    }
  if (reason != NULL)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, reason);
    }
  return end_message (builder);
}

/*
 * uplink_frame_build_unthrottle:
 *
 * Writes an unthrottle message.
 *
 * Returns: (transfer full): the text of the message
 */
char *
uplink_frame_build_unthrottle (void)
{
  g_autoptr(JsonBuilder) builder = begin_message ("unthrottle");

  return end_message (builder);
}

static char *
build_with_id (const char *type,
               gint64      id)
{
  g_autoptr(JsonBuilder) builder = begin_message (type);

  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  return end_message (builder);
}

/*
 * uplink_frame_build_ping:
 * @id: the id the answer will carry, zero or more
 *
 * Writes a ping message.
 *
 * Returns: (transfer full): the text of the message
 */
char *
uplink_frame_build_ping (gint64 id)
{
  g_return_val_if_fail (id >= 0, NULL);

  return build_with_id ("ping", id);
}

/*
 * uplink_frame_build_pong:
 * @id: the id of the ping it answers, zero or more
 *
 * Writes a pong message.
 *
 * Returns: (transfer full): the text of the message
 */
char *
uplink_frame_build_pong (gint64 id)
{
  g_return_val_if_fail (id >= 0, NULL);

  return build_with_id ("pong", id);
}

/*
 * uplink_frame_build_hello:
 *
 * Writes the hello message with which a protocol v1 server greets every
 * client, so that a client that offered no subprotocol still learns that
 * the server speaks v1.
 *
 * Returns: (transfer full): the text of the message
 */
char *
uplink_frame_build_hello (void)
{
  g_autoptr(JsonBuilder) builder = begin_message ("hello");

  json_builder_set_member_name (builder, "protocol");
  json_builder_add_string_value (builder, UPLINK_FRAME_PROTOCOL);
  return end_message (builder);
}
