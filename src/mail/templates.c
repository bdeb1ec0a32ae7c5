/*
 * templates: what every message says, in Russian and English, in one
 * place. A template is a subject, a text body and the HTML body's inner
 * part, with {name} placeholders; the HTML page around it is the same for
 * all. Values go into the text as they are and into the HTML escaped; a
 * placeholder without a value stays as it is written, so a missing one
 * shows in tests.
 *
 * The link lifetimes the texts name are MAIL_RESET_SECONDS and
 * MAIL_VERIFY_SECONDS (mail.h): change both together.
 */
#include "mail.h"

#include <string.h>

#include "../base/xml.h"

struct template {
	const char	*kind, *locale;
	const char	*subject, *text, *html;
};

static const struct template templates[] = {
	{ "password_reset", "ru",
	  "Новый пароль для «Побратима»",
	  "Здравствуйте, {name}!\n"
	  "\n"
	  "Для вашей учётной записи в «Побратиме» ({site}) попросили задать новый пароль.\n"
	  "\n"
	  "Чтобы задать его, откройте ссылку в течение часа:\n"
	  "{link}\n"
	  "\n"
	  "Ссылка действует один раз. Когда вы зададите новый пароль, все ваши сеансы "
	  "завершатся, и войти можно будет только с ним.\n"
	  "\n"
	  "Если вы не просили новый пароль, ничего не делайте: прежний пароль останется в силе.\n"
	  "\n"
	  "— «Побратим»\n",
	  "<p>Здравствуйте, {name}!</p>"
	  "<p>Для вашей учётной записи в «Побратиме» ({site}) попросили задать новый пароль.</p>"
	  "<p><a class=\"button\" href=\"{link}\">Задать новый пароль</a></p>"
	  "<p>Ссылка действует один раз и в течение часа. Когда вы зададите новый пароль, все ваши "
	  "сеансы завершатся, и войти можно будет только с ним.</p>"
	  "<p>Если вы не просили новый пароль, ничего не делайте: прежний пароль останется в силе.</p>"
	  "<p class=\"small\">Если кнопка не открывается, скопируйте адрес в браузер: {link}</p>" },
	{ "password_reset", "en",
	  "A new password for Pobratim",
	  "Hello {name},\n"
	  "\n"
	  "Someone asked for a new password for your account on Pobratim ({site}).\n"
	  "\n"
	  "To set one, open this link within an hour:\n"
	  "{link}\n"
	  "\n"
	  "The link works once. When you set the new password, all your sessions end and only "
	  "the new password signs you in.\n"
	  "\n"
	  "If you did not ask for a new password, do nothing: your password stays as it is.\n"
	  "\n"
	  "— Pobratim\n",
	  "<p>Hello {name},</p>"
	  "<p>Someone asked for a new password for your account on Pobratim ({site}).</p>"
	  "<p><a class=\"button\" href=\"{link}\">Set a new password</a></p>"
	  "<p>The link works once, within an hour. When you set the new password, all your "
	  "sessions end and only the new password signs you in.</p>"
	  "<p>If you did not ask for a new password, do nothing: your password stays as it is.</p>"
	  "<p class=\"small\">If the button does not open, copy this address into your browser: "
	  "{link}</p>" },
	{ "email_verification", "ru",
	  "Подтвердите адрес для «Побратима»",
	  "Здравствуйте, {name}!\n"
	  "\n"
	  "Адрес {email} указан в вашей учётной записи в «Побратиме» ({site}). Подтвердите, "
	  "что он ваш: откройте ссылку в течение 7 дней.\n"
	  "{link}\n"
	  "\n"
	  "Пока адрес не подтверждён, «Побратим» не присылает на него приглашений, напоминаний "
	  "и рассылок.\n"
	  "\n"
	  "Если вы не знаете, о чём речь, ничего не делайте.\n"
	  "\n"
	  "— «Побратим»\n",
	  "<p>Здравствуйте, {name}!</p>"
	  "<p>Адрес {email} указан в вашей учётной записи в «Побратиме» ({site}). Подтвердите, "
	  "что он ваш: ссылка действует 7 дней.</p>"
	  "<p><a class=\"button\" href=\"{link}\">Подтвердить адрес</a></p>"
	  "<p>Пока адрес не подтверждён, «Побратим» не присылает на него приглашений, напоминаний "
	  "и рассылок.</p>"
	  "<p>Если вы не знаете, о чём речь, ничего не делайте.</p>"
	  "<p class=\"small\">Если кнопка не открывается, скопируйте адрес в браузер: {link}</p>" },
	{ "email_verification", "en",
	  "Confirm your address for Pobratim",
	  "Hello {name},\n"
	  "\n"
	  "The address {email} is given for your account on Pobratim ({site}). Confirm that it "
	  "is yours: open this link within 7 days.\n"
	  "{link}\n"
	  "\n"
	  "Until the address is confirmed, Pobratim sends it no invitations, reminders or "
	  "digests.\n"
	  "\n"
	  "If you do not know what this is about, do nothing.\n"
	  "\n"
	  "— Pobratim\n",
	  "<p>Hello {name},</p>"
	  "<p>The address {email} is given for your account on Pobratim ({site}). Confirm that it "
	  "is yours: the link works for 7 days.</p>"
	  "<p><a class=\"button\" href=\"{link}\">Confirm the address</a></p>"
	  "<p>Until the address is confirmed, Pobratim sends it no invitations, reminders or "
	  "digests.</p>"
	  "<p>If you do not know what this is about, do nothing.</p>"
	  "<p class=\"small\">If the button does not open, copy this address into your browser: "
	  "{link}</p>" },
	{ "meeting_request", "ru",
	  "Приглашение: {title}, {when}",
	  "Здравствуйте, {name}!\n"
	  "\n"
	  "{changed}Вас приглашают на встречу «{title}».\n"
	  "\n"
	  "Начало: {when}\n"
	  "{join}\n"
	  "\n"
	  "Встреча: {link}\n"
	  "\n"
	  "Приглашение приложено к письму: откройте его, чтобы добавить встречу в календарь; "
	  "если встречу перенесут или отменят, календарь получит новое письмо и обновит её.\n"
	  "\n"
	  "— «Побратим» ({site})\n",
	  "<p>Здравствуйте, {name}!</p>"
	  "<p>{changed}Вас приглашают на встречу «{title}».</p>"
	  "<p><strong>Начало:</strong> {when}</p>"
	  "<p>{join}</p>"
	  "<p><a class=\"button\" href=\"{link}\">Открыть встречу</a></p>"
	  "<p>Приглашение приложено к письму: откройте его, чтобы добавить встречу в календарь; "
	  "если встречу перенесут или отменят, календарь получит новое письмо и обновит её.</p>"
	  "<p class=\"small\">{link}</p>" },
	{ "meeting_request", "en",
	  "Invitation: {title}, {when}",
	  "Hello {name},\n"
	  "\n"
	  "{changed}You are invited to the meeting \"{title}\".\n"
	  "\n"
	  "Starts: {when}\n"
	  "{join}\n"
	  "\n"
	  "The meeting: {link}\n"
	  "\n"
	  "The invitation is in this message: open it to add the meeting to your calendar; "
	  "if the meeting moves or is cancelled, your calendar gets a new message and updates it.\n"
	  "\n"
	  "— Pobratim ({site})\n",
	  "<p>Hello {name},</p>"
	  "<p>{changed}You are invited to the meeting \u201c{title}\u201d.</p>"
	  "<p><strong>Starts:</strong> {when}</p>"
	  "<p>{join}</p>"
	  "<p><a class=\"button\" href=\"{link}\">Open the meeting</a></p>"
	  "<p>The invitation is in this message: open it to add the meeting to your calendar; "
	  "if the meeting moves or is cancelled, your calendar gets a new message and updates it.</p>"
	  "<p class=\"small\">{link}</p>" },
	{ "meeting_cancel", "ru",
	  "Отменено: {title}, {when}",
	  "Здравствуйте, {name}!\n"
	  "\n"
	  "Встреча «{title}» ({when}) отменена, или вас больше нет среди её участников. "
	  "Календарь, открыв это письмо, уберёт её.\n"
	  "\n"
	  "— «Побратим» ({site})\n",
	  "<p>Здравствуйте, {name}!</p>"
	  "<p>Встреча «{title}» ({when}) отменена, или вас больше нет среди её участников. "
	  "Календарь, открыв это письмо, уберёт её.</p>" },
	{ "meeting_cancel", "en",
	  "Cancelled: {title}, {when}",
	  "Hello {name},\n"
	  "\n"
	  "The meeting \"{title}\" ({when}) is cancelled, or you are no longer among its "
	  "participants. Your calendar removes it when it reads this message.\n"
	  "\n"
	  "— Pobratim ({site})\n",
	  "<p>Hello {name},</p>"
	  "<p>The meeting \u201c{title}\u201d ({when}) is cancelled, or you are no longer among its "
	  "participants. Your calendar removes it when it reads this message.</p>" },
	{ "meeting_reminder", "ru",
	  "Напоминание: {title}, {when}",
	  "Здравствуйте, {name}!\n"
	  "\n"
	  "Встреча «{title}» начнётся {lead}: {when}.\n"
	  "{join}\n"
	  "\n"
	  "Встреча: {link}\n"
	  "\n"
	  "Напоминания можно отключить на странице учётной записи.\n"
	  "\n"
	  "— «Побратим» ({site})\n"
	  "",
	  "<p>Здравствуйте, {name}!</p><p>Встреча «{title}» начнётся {lead}: <strong>{when}</strong>.</p><p>{join}</p><p><a class=\"button\" href=\"{link}\">Открыть встречу</a></p><p class=\"small\">Напоминания можно отключить на странице учётной записи.</p>" },
	{ "meeting_reminder", "en",
	  "Reminder: {title}, {when}",
	  "Hello {name},\n"
	  "\n"
	  "The meeting \"{title}\" starts {lead}: {when}.\n"
	  "{join}\n"
	  "\n"
	  "The meeting: {link}\n"
	  "\n"
	  "You can turn reminders off on your account page.\n"
	  "\n"
	  "— Pobratim ({site})\n"
	  "",
	  "<p>Hello {name},</p><p>The meeting “{title}” starts {lead}: <strong>{when}</strong>.</p><p>{join}</p><p><a class=\"button\" href=\"{link}\">Open the meeting</a></p><p class=\"small\">You can turn reminders off on your account page.</p>" },
	{ "actions_due", "ru",
	  "Поручения на завтра, {date}",
	  "Здравствуйте, {name}!\n"
	  "\n"
	  "Завтра, {date}, истекает срок поручений вашей организации:\n"
	  "\n"
	  "{items}\n"
	  "Все поручения: {link}\n"
	  "\n"
	  "Эти письма можно отключить на странице учётной записи.\n"
	  "\n"
	  "— «Побратим» ({site})\n"
	  "",
	  "<p>Здравствуйте, {name}!</p><p>Завтра, {date}, истекает срок поручений вашей организации:</p><p style=\"white-space:pre-line\">{items}</p><p><a class=\"button\" href=\"{link}\">Все поручения</a></p><p class=\"small\">Эти письма можно отключить на странице учётной записи.</p>" },
	{ "actions_due", "en",
	  "Action items due tomorrow, {date}",
	  "Hello {name},\n"
	  "\n"
	  "These action items of your organization are due tomorrow, {date}:\n"
	  "\n"
	  "{items}\n"
	  "All action items: {link}\n"
	  "\n"
	  "You can turn these messages off on your account page.\n"
	  "\n"
	  "— Pobratim ({site})\n"
	  "",
	  "<p>Hello {name},</p><p>These action items of your organization are due tomorrow, {date}:</p><p style=\"white-space:pre-line\">{items}</p><p><a class=\"button\" href=\"{link}\">All action items</a></p><p class=\"small\">You can turn these messages off on your account page.</p>" },
	{ "digest_daily", "ru",
	  "Обмен информацией: новое за день ({count})",
	  "Здравствуйте, {name}!\n"
	  "\n"
	  "Новые бюллетени и проверки фактов за день по вашей подписке:\n"
	  "\n"
	  "{items}\n"
	  "Отписаться от рассылки одним нажатием: {unsubscribe}\n"
	  "\n"
	  "— «Побратим» ({site})\n"
	  "",
	  "<p>Здравствуйте, {name}!</p><p>Новые бюллетени и проверки фактов за день по вашей подписке:</p><p style=\"white-space:pre-line\">{items}</p><p class=\"small\"><a href=\"{unsubscribe}\">Отписаться от рассылки</a> — одним нажатием, без входа.</p>" },
	{ "digest_daily", "en",
	  "Information exchange: new of the day ({count})",
	  "Hello {name},\n"
	  "\n"
	  "New bulletins and fact checks of the day, as you subscribed:\n"
	  "\n"
	  "{items}\n"
	  "Unsubscribe with one click: {unsubscribe}\n"
	  "\n"
	  "— Pobratim ({site})\n"
	  "",
	  "<p>Hello {name},</p><p>New bulletins and fact checks of the day, as you subscribed:</p><p style=\"white-space:pre-line\">{items}</p><p class=\"small\"><a href=\"{unsubscribe}\">Unsubscribe</a> with one click, no sign-in needed.</p>" },
	{ "digest_weekly", "ru",
	  "Обмен информацией: новое за неделю ({count})",
	  "Здравствуйте, {name}!\n"
	  "\n"
	  "Новые бюллетени и проверки фактов за неделю по вашей подписке:\n"
	  "\n"
	  "{items}\n"
	  "Отписаться от рассылки одним нажатием: {unsubscribe}\n"
	  "\n"
	  "— «Побратим» ({site})\n"
	  "",
	  "<p>Здравствуйте, {name}!</p><p>Новые бюллетени и проверки фактов за неделю по вашей подписке:</p><p style=\"white-space:pre-line\">{items}</p><p class=\"small\"><a href=\"{unsubscribe}\">Отписаться от рассылки</a> — одним нажатием, без входа.</p>" },
	{ "digest_weekly", "en",
	  "Information exchange: new of the week ({count})",
	  "Hello {name},\n"
	  "\n"
	  "New bulletins and fact checks of the week, as you subscribed:\n"
	  "\n"
	  "{items}\n"
	  "Unsubscribe with one click: {unsubscribe}\n"
	  "\n"
	  "— Pobratim ({site})\n"
	  "",
	  "<p>Hello {name},</p><p>New bulletins and fact checks of the week, as you subscribed:</p><p style=\"white-space:pre-line\">{items}</p><p class=\"small\"><a href=\"{unsubscribe}\">Unsubscribe</a> with one click, no sign-in needed.</p>" },
};

/* The page around every HTML body, before it ({lang}, {title}, {brand}) and after. */
static const char page_top[] =
	"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">"
	"<meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title><style>"
	"body{margin:0;padding:24px;background:#f4f5f7;color:#1d2430;"
	"font:16px/1.5 -apple-system,'Segoe UI',Roboto,Arial,sans-serif}"
	".card{max-width:560px;margin:0 auto;padding:24px 28px;background:#fff;"
	"border:1px solid #dde1e7;border-radius:8px}"
	".brand{font-weight:700;color:#1f4e8c;margin:0 0 16px}"
	"a.button{display:inline-block;padding:10px 18px;background:#1f4e8c;color:#fff;"
	"text-decoration:none;border-radius:6px;font-weight:600}"
	".small{font-size:13px;color:#5b6472;word-break:break-all}"
	"</style></head><body><div class=\"card\"><p class=\"brand\">{brand}</p>";
static const char page_bottom[] = "</div></body></html>\n";

const char *
mail_template_kind(size_t i)
{
	return i < sizeof(templates) / sizeof(templates[0]) ? templates[i].kind : NULL;
}

const char *
mail_sender_name(const char *locale)
{
	return locale != NULL && strcmp(locale, "ru") == 0 ? "Побратим" : "Pobratim";
}

static const char *
value_of(const struct mail_var *vars, size_t n, const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(vars[i].name) == len && strncmp(vars[i].name, name, len) == 0)
			return vars[i].value;
	return NULL;
}

/* tpl with its placeholders replaced, escaped for HTML when html. */
static const char *
fill(struct arena *a, const char *tpl, const struct mail_var *vars, size_t n, bool html)
{
	struct buf	 b = BUF_INIT(1 << 20);
	const char	*p = tpl, *open, *close, *v, *out;
	int		 rc = 0;

	while (rc == 0 && (open = strchr(p, '{')) != NULL &&
	    (close = strchr(open, '}')) != NULL) {
		rc = buf_append(&b, p, (size_t)(open - p));
		v = value_of(vars, n, open + 1, (size_t)(close - open - 1));
		if (rc == 0 && v == NULL)
			rc = buf_append(&b, open, (size_t)(close - open + 1));
		else if (rc == 0)
			rc = html ? xml_escape(&b, v) : buf_puts(&b, v);
		p = close + 1;
	}
	if (rc == 0)
		rc = buf_puts(&b, p);
	out = rc == 0 ? arena_strndup(a, b.p != NULL ? b.p : "", b.len) : NULL;
	buf_release(&b);
	return out;
}

int
mail_render(struct arena *a, const char *kind, const char *locale,
    const struct mail_var *vars, size_t nvars, struct mail_rendered *out)
{
	const char		*lang = locale != NULL && strcmp(locale, "ru") == 0 ? "ru" : "en";
	const struct template	*t = NULL;
	const char		*inner;

	for (size_t i = 0; i < sizeof(templates) / sizeof(templates[0]); i++)
		if (strcmp(templates[i].kind, kind) == 0 && strcmp(templates[i].locale, lang) == 0)
			t = &templates[i];
	if (t == NULL)
		return -1;
	out->subject = fill(a, t->subject, vars, nvars, false);
	out->text = fill(a, t->text, vars, nvars, false);
	if ((inner = fill(a, t->html, vars, nvars, true)) == NULL || out->subject == NULL ||
	    out->text == NULL)
		return -1;
	{
		const struct mail_var	page_vars[] = {
			{ "lang", lang }, { "title", out->subject }, { "brand", mail_sender_name(lang) },
		};
		const char		*top = fill(a, page_top, page_vars, 3, true);

		if (top == NULL)
			return -1;
		out->html = arena_printf(a, "%s%s%s", top, inner, page_bottom);
	}
	return 0;
}
