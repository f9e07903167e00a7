/* Unit tests for recognising photos by their bytes (src/domain/image.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/image.h"

static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0};
static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F'};
static const unsigned char webp[] = {'R', 'I', 'F', 'F', 30, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ', 0};

static void images_are_known_by_their_bytes(void **state)
{
    (void)state;
    assert_int_equal(image_sniff(png, sizeof(png)), IMAGE_PNG);
    assert_int_equal(image_sniff(jpeg, sizeof(jpeg)), IMAGE_JPEG);
    assert_int_equal(image_sniff(webp, sizeof(webp)), IMAGE_WEBP);
    assert_string_equal(image_content_type(IMAGE_PNG), "image/png");
    assert_string_equal(image_content_type(IMAGE_JPEG), "image/jpeg");
    assert_string_equal(image_content_type(IMAGE_WEBP), "image/webp");
    assert_null(image_content_type(IMAGE_NONE));
}

static void anything_else_is_refused_whatever_it_is_called(void **state)
{
    (void)state;
    static const char html[] = "<html><script>alert(1)</script></html>";
    static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>";
    static const unsigned char gif[] = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0};
    static const unsigned char riff_wave[] = {'R', 'I', 'F', 'F', 30, 0, 0, 0, 'W', 'A', 'V', 'E', 'f', 'm', 't', ' '};
    assert_int_equal(image_sniff(html, strlen(html)), IMAGE_NONE);
    assert_int_equal(image_sniff(svg, strlen(svg)), IMAGE_NONE);
    assert_int_equal(image_sniff(gif, sizeof(gif)), IMAGE_NONE);
    assert_int_equal(image_sniff(riff_wave, sizeof(riff_wave)), IMAGE_NONE);
    assert_int_equal(image_sniff(png, 15), IMAGE_NONE); /* a signature without its header chunk */
    assert_int_equal(image_sniff(jpeg, 2), IMAGE_NONE);
    assert_int_equal(image_sniff("", 0), IMAGE_NONE);
    struct error e = {0};
    enum image_type t;
    assert_int_equal(image_check(html, strlen(html), &t, &e), -1);
    assert_int_equal(e.code, ERR_BAD_FILE);
    assert_string_equal(e.field, "file");
}

static void the_size_is_limited(void **state)
{
    (void)state;
    struct error e = {0};
    enum image_type t;
    assert_int_equal(image_check(jpeg, 0, &t, &e), -1);
    assert_int_equal(e.code, ERR_BAD_FILE);
    assert_int_equal(image_check(jpeg, PHOTO_BYTES_MAX + 1, &t, &e), -1); /* refused on the length alone */
    assert_int_equal(e.code, ERR_TOO_LARGE);
    assert_int_equal(image_check(jpeg, sizeof(jpeg), &t, &e), 0);
    assert_int_equal(t, IMAGE_JPEG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(images_are_known_by_their_bytes),
        cmocka_unit_test(anything_else_is_refused_whatever_it_is_called),
        cmocka_unit_test(the_size_is_limited),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
