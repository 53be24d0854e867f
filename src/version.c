#include <vie/vie.h>

#define VIE_STR2(x) #x
#define VIE_STR(x) VIE_STR2(x)

VIE_API const char *
vie_version(void)
{
	return VIE_STR(VIE_VERSION_MAJOR) "." VIE_STR(VIE_VERSION_MINOR) "." VIE_STR(VIE_VERSION_PATCH);
}

static const char *const status_names[VIE_STATUS_COUNT] = {
	[VIE_OK] = "ok",
	[VIE_EXCEPTION] = "exception",
	[VIE_RESTART] = "restart",
	[VIE_UNSUPPORTED] = "unsupported",
	[VIE_INVALID] = "invalid",
	[VIE_TRUNCATED] = "truncated",
	[VIE_TOO_LONG] = "too_long",
	[VIE_CALLBACK] = "callback",
	[VIE_BAD_ARGUMENT] = "bad_argument",
};

VIE_API const char *
vie_status_name(int status)
{
	if (status < 0 || status >= VIE_STATUS_COUNT)
		return "unknown";
	return status_names[status];
}
