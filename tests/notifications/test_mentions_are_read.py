"""Which @handles a message mentions (pure: no database)."""

from alongside.notifications.mentions import MAX_MENTIONS, mentioned_handles


def test_handles_are_found_once_each_in_lower_case() -> None:
    assert mentioned_handles("@Bob and @bob, and @dee_2!") == ["bob", "dee_2"]


def test_a_full_stop_after_a_handle_is_read_both_ways() -> None:
    assert mentioned_handles("thanks @bob.") == ["bob.", "bob"]


def test_e_mail_addresses_and_short_words_are_not_mentions() -> None:
    assert mentioned_handles("write to bob@example.org or @me") == []


def test_a_message_cannot_mention_the_whole_directory() -> None:
    text = " ".join(f"@person{i:03d}" for i in range(100))
    assert len(mentioned_handles(text)) <= MAX_MENTIONS * 2
