#include <vie/decode.h>
