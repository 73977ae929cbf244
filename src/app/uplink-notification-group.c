/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "uplink-notification-group.h"

/*
 * One notification for outages that come together. Each server's own
 * policy (grace period, ladder, its switches) decides that an outage is
 * to be told; it is told here instead of on its own. The first one waits
 * a moment (`gather-ms`) for others: several servers down together are
 * one summary, and a network loss, which takes every server down at
 * once, one "No network". Later outages and recoveries update what is
 * shown; `changed` says when, and the last recovery empties it.
 *
 * Nothing here shows anything: the notifier shows what the group says,
 * so the grouping is tested on its own.
 */

typedef struct {
  char *id;
  char *name;
  char *title;
  char *body;
  /* An outage, as opposed to other news (features paused). */
  gboolean down;
  gboolean offline;
} Member;

struct _UplinkNotificationGroup
{
  GObject parent_instance;

  guint gather_ms;
  guint gather_source;
  /* Told outages: in the order of `order`, then in the order they came. */
  GPtrArray *members;
  GStrv order;
  /* How many of them the last `changed` showed. */
  guint n_shown;
};

G_DEFINE_FINAL_TYPE (UplinkNotificationGroup, uplink_notification_group, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
member_free (Member *member)
{
  g_free (member->id);
  g_free (member->name);
  g_free (member->title);
  g_free (member->body);
  g_free (member);
}

static Member *
find_member (UplinkNotificationGroup *self,
             const char              *id,
             guint                   *index)
{
  for (guint i = 0; i < self->members->len; i++)
    {
      Member *member = g_ptr_array_index (self->members, i);

      if (g_str_equal (member->id, id))
        {
          if (index != NULL)
            *index = i;
          return member;
        }
    }
  return NULL;
}

static guint
rank (UplinkNotificationGroup *self,
      Member                  *member)
{
  for (guint i = 0; self->order != NULL && self->order[i] != NULL; i++)
    if (g_str_equal (self->order[i], member->id))
      return i;
  return G_MAXUINT;
}

static int
compare_ranks (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  guint rank_a = rank (user_data, *(Member **) a);
  guint rank_b = rank (user_data, *(Member **) b);

  return rank_a < rank_b ? -1 : rank_a > rank_b;
}

/* Stable: members of the same rank keep the order they came in. */
static void
sort_members (UplinkNotificationGroup *self)
{
  g_ptr_array_sort_with_data (self->members, compare_ranks, self);
}

static void
emit_changed (UplinkNotificationGroup *self)
{
  self->n_shown = self->members->len;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static gboolean
on_gathered (gpointer user_data)
{
  UplinkNotificationGroup *self = user_data;

  self->gather_source = 0;
  emit_changed (self);
  return G_SOURCE_REMOVE;
}

/**
 * uplink_notification_group_add:
 * @self: the group
 * @id: the server's id
 * @name: its name, as the notification shows it
 * @title: what its own notification would say ("Connection lost")
 * @body: and its reason
 * @down: whether it is an outage (rather than, say, features paused)
 * @offline: whether the outage is the network's (no network)
 *
 * Tells an outage or other news of a server, or new news about one told
 * already.
 */
void
uplink_notification_group_add (UplinkNotificationGroup *self,
                               const char              *id,
                               const char              *name,
                               const char              *title,
                               const char              *body,
                               gboolean                 down,
                               gboolean                 offline)
{
  Member *member;

  g_return_if_fail (UPLINK_IS_NOTIFICATION_GROUP (self));
  g_return_if_fail (id != NULL && name != NULL && title != NULL && body != NULL);

  member = find_member (self, id, NULL);
  if (member == NULL)
    {
      member = g_new0 (Member, 1);
      member->id = g_strdup (id);
      g_ptr_array_add (self->members, member);
      sort_members (self);
    }
  g_free (member->name);
  member->name = g_strdup (name);
  g_free (member->title);
  member->title = g_strdup (title);
  g_free (member->body);
  member->body = g_strdup (body);
  member->down = down;
  member->offline = down && offline;

  /* The first of a group waits for the others; news after that is
   * shown at once. */
  if (self->n_shown == 0 && self->gather_ms == 0)
    emit_changed (self);
  else if (self->n_shown == 0 && self->gather_source == 0)
    self->gather_source = g_timeout_add (self->gather_ms, on_gathered, self);
  else if (self->gather_source == 0)
    emit_changed (self);
}

/**
 * uplink_notification_group_remove:
 * @self: the group
 * @id: the server's id
 *
 * The server's outage is over (or it was paused, disabled or removed).
 */
void
uplink_notification_group_remove (UplinkNotificationGroup *self,
                                  const char              *id)
{
  guint index;

  g_return_if_fail (UPLINK_IS_NOTIFICATION_GROUP (self));
  g_return_if_fail (id != NULL);

  if (find_member (self, id, &index) == NULL)
    return;

  g_ptr_array_remove_index (self->members, index);
  if (self->gather_source != 0)
    {
      /* Still gathering: nothing was shown, and nothing may need to be. */
      if (self->members->len == 0)
        g_clear_handle_id (&self->gather_source, g_source_remove);
      return;
    }
  emit_changed (self);
}

/**
 * uplink_notification_group_clear:
 * @self: the group
 *
 * Forgets every outage without a word: the notification is gone already
 * (the user closed it).
 */
void
uplink_notification_group_clear (UplinkNotificationGroup *self)
{
  g_return_if_fail (UPLINK_IS_NOTIFICATION_GROUP (self));

  g_clear_handle_id (&self->gather_source, g_source_remove);
  g_ptr_array_set_size (self->members, 0);
  self->n_shown = 0;
}

/**
 * uplink_notification_group_set_gather_ms:
 * @self: the group
 * @gather_ms: how long the first outage waits for others; 0 shows it at
 *   once
 *
 * Alone, a server has nobody to wait for.
 */
void
uplink_notification_group_set_gather_ms (UplinkNotificationGroup *self,
                                         guint                    gather_ms)
{
  g_return_if_fail (UPLINK_IS_NOTIFICATION_GROUP (self));

  self->gather_ms = gather_ms;
}

/**
 * uplink_notification_group_set_order:
 * @self: the group
 * @ids: (array zero-terminated=1) (nullable): servers' ids in the order
 *   a summary names them (the user's order of the servers)
 *
 * Servers not in @ids come after, in the order they were told.
 */
void
uplink_notification_group_set_order (UplinkNotificationGroup *self,
                                     const char * const      *ids)
{
  g_return_if_fail (UPLINK_IS_NOTIFICATION_GROUP (self));

  g_strfreev (self->order);
  self->order = g_strdupv ((char **) ids);
  sort_members (self);
}

/**
 * uplink_notification_group_get_n_shown:
 * @self: the group
 *
 * Returns: how many outages the notification tells; 0 when there should
 *   be none
 */
guint
uplink_notification_group_get_n_shown (UplinkNotificationGroup *self)
{
  g_return_val_if_fail (UPLINK_IS_NOTIFICATION_GROUP (self), 0);

  return self->n_shown;
}

/**
 * uplink_notification_group_get_single:
 * @self: the group
 *
 * Returns: (nullable): the id of the one server told about, or %NULL
 *   for none or a summary
 */
const char *
uplink_notification_group_get_single (UplinkNotificationGroup *self)
{
  g_return_val_if_fail (UPLINK_IS_NOTIFICATION_GROUP (self), NULL);

  if (self->n_shown != 1)
    return NULL;
  return ((Member *) g_ptr_array_index (self->members, 0))->id;
}

static gboolean
all_offline (UplinkNotificationGroup *self)
{
  for (guint i = 0; i < self->members->len; i++)
    if (!((Member *) g_ptr_array_index (self->members, i))->offline)
      return FALSE;
  return TRUE;
}

static gboolean
all_down (UplinkNotificationGroup *self)
{
  for (guint i = 0; i < self->members->len; i++)
    if (!((Member *) g_ptr_array_index (self->members, i))->down)
      return FALSE;
  return TRUE;
}

static char *
dup_member_title (Member *member)
{
  /* TRANSLATORS: a notification's title: a server's name, then what
   * happened to it, as in "Work chat: Connection lost" */
  return g_strdup_printf (_("%s: %s"), member->name, member->title);
}

/**
 * uplink_notification_group_dup_title:
 * @self: the group
 *
 * Returns: (transfer full) (nullable): the notification's title: the
 *   server's name and its own title for one, a summary for several, or
 *   %NULL for none
 */
char *
uplink_notification_group_dup_title (UplinkNotificationGroup *self)
{
  g_return_val_if_fail (UPLINK_IS_NOTIFICATION_GROUP (self), NULL);

  if (self->n_shown == 0)
    return NULL;

  if (self->n_shown == 1)
    return dup_member_title (g_ptr_array_index (self->members, 0));
  if (all_offline (self))
    return g_strdup (_("No network"));
  if (all_down (self))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u server cannot be reached",
                                         "%u servers cannot be reached", self->n_shown),
                            self->n_shown);
  /* Outages and paused features together. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u server needs attention",
                                       "%u servers need attention", self->n_shown),
                          self->n_shown);
}

/**
 * uplink_notification_group_dup_body:
 * @self: the group
 *
 * Returns: (transfer full) (nullable): the notification's text: the
 *   server's reason for one, the servers' names for several outages,
 *   each server with its news for mixed news, or %NULL for none
 */
char *
uplink_notification_group_dup_body (UplinkNotificationGroup *self)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *list = NULL;

  g_return_val_if_fail (UPLINK_IS_NOTIFICATION_GROUP (self), NULL);

  if (self->n_shown == 0)
    return NULL;
  if (self->n_shown == 1)
    return g_strdup (((Member *) g_ptr_array_index (self->members, 0))->body);

  if (!all_down (self))
    {
      GString *lines = g_string_new (NULL);

      for (guint i = 0; i < self->members->len; i++)
        {
          g_autofree char *line = dup_member_title (g_ptr_array_index (self->members, i));

          g_string_append_printf (lines, "%s%s", i > 0 ? "\n" : "", line);
        }
      return g_string_free (lines, FALSE);
    }

  names = g_ptr_array_new ();
  for (guint i = 0; i < self->members->len; i++)
    g_ptr_array_add (names, ((Member *) g_ptr_array_index (self->members, i))->name);
  g_ptr_array_add (names, NULL);
  /* TRANSLATORS: separates the servers' names in a notification */
  list = g_strjoinv (_(", "), (char **) names->pdata);

  if (all_offline (self))
    /* TRANSLATORS: %s lists servers' names */
    return g_strdup_printf (_("%s are reconnected when the network is back."), list);
  return g_steal_pointer (&list);
}

static void
uplink_notification_group_dispose (GObject *object)
{
  UplinkNotificationGroup *self = UPLINK_NOTIFICATION_GROUP (object);

  g_clear_handle_id (&self->gather_source, g_source_remove);

  G_OBJECT_CLASS (uplink_notification_group_parent_class)->dispose (object);
}

static void
uplink_notification_group_finalize (GObject *object)
{
  UplinkNotificationGroup *self = UPLINK_NOTIFICATION_GROUP (object);

  g_ptr_array_unref (self->members);
  g_strfreev (self->order);

  G_OBJECT_CLASS (uplink_notification_group_parent_class)->finalize (object);
}

static void
uplink_notification_group_class_init (UplinkNotificationGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = uplink_notification_group_dispose;
  object_class->finalize = uplink_notification_group_finalize;

  /**
   * UplinkNotificationGroup::changed:
   * @self: the group
   *
   * What the notification should say changed: show it (a new pop-up if
   * none was shown), update it, or withdraw it when nothing is left.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
uplink_notification_group_init (UplinkNotificationGroup *self)
{
  self->members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
}

/**
 * uplink_notification_group_new:
 * @gather_ms: how long the first outage waits for others
 *
 * Returns: (transfer full): an empty group
 */
UplinkNotificationGroup *
uplink_notification_group_new (guint gather_ms)
{
  UplinkNotificationGroup *self = g_object_new (UPLINK_TYPE_NOTIFICATION_GROUP, NULL);

  self->gather_ms = gather_ms;
  return self;
}
