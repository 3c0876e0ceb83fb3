#! /usr/bin/env atf-sh

atf_init_test_cases()
{
	:
}
