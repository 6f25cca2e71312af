import pytest

from followon.programmes.uploads import RosterEntry, UploadError, parse_participants_csv, summarise


def parse(text, roster=()):
    return parse_participants_csv(text.encode(), list(roster))


def test_valid_rows_are_normalised_to_e164_and_lower_case_email():
    rows = parse("name,mobile,email\nAnn,07700 900 001,ANN@Example.test\nBob,+44 7700 900002,\n")
    assert [(r.name, r.mobile, r.email, r.status) for r in rows] == [
        ("Ann", "+447700900001", "ann@example.test", "new"),
        ("Bob", "+447700900002", "", "new"),
    ]


def test_columns_can_come_in_any_order_with_common_names():
    rows = parse("Email address,Name,Mobile number\nc@example.test,Cat,07700900003\n")
    assert (rows[0].name, rows[0].mobile, rows[0].email) == ("Cat", "+447700900003", "c@example.test")


@pytest.mark.parametrize(
    "header",
    ["first name,surname,phone", "name,mobile", "name,mobile,email,nhs number", "Ann,07700900001,a@example.test"],
)
def test_a_wrong_header_names_the_expected_columns(header):
    with pytest.raises(UploadError) as error:
        parse(f"{header}\nAnn,07700900001,a@example.test\n")
    assert "name, mobile, email" in str(error.value)


def test_each_row_gets_its_own_errors_and_keeps_what_was_typed():
    rows = parse("name,mobile,email\n,07700900001,\nDee,0117 414 0000,\nEd,,not-an-email\nFi,,\n")
    assert [r.status for r in rows] == ["error"] * 4
    assert rows[0].errors == ["Enter a name"]
    assert "mobile" in rows[1].errors[0] and rows[1].mobile == "0117 414 0000"
    assert rows[2].errors == ["Enter an email address in the correct format, like name@example.com"]
    assert rows[2].email == "not-an-email"
    assert rows[3].errors == ["Enter a mobile phone number or an email address"]


def test_duplicates_within_the_file_are_merged_and_fill_missing_details():
    rows = parse("name,mobile,email\nAnn,07700900001,\nAnn B,07700 900001,ann@example.test\nAnn,,ANN@example.test\n")
    assert [r.status for r in rows] == ["new", "merged", "merged"]
    assert rows[0].email == "ann@example.test"
    assert rows[1].note == "Same person as row 2: combined with it"
    assert summarise(rows)["to_add"] == 1


def test_people_already_enrolled_are_not_added_again_and_withdrawn_people_are_reinvited():
    roster = [
        RosterEntry(mobile="+447700900001", email="", withdrawn=False),
        RosterEntry(mobile="", email="gone@example.test", withdrawn=True),
    ]
    rows = parse("name,mobile,email\nAnn,07700900001,\nGus,,gone@example.test\nHal,07700900009,\n", roster)
    assert [r.status for r in rows] == ["existing", "rejoin", "new"]


def test_row_numbers_match_the_spreadsheet_even_with_blank_lines_and_quoted_newlines():
    rows = parse('name,mobile,email\n\nAnn,07700900001,\n"Bob\nSmith",07700900002,\n,,\nCat,07700900003,\n')
    assert [(r.name.split()[0], r.line) for r in rows] == [("Ann", 3), ("Bob", 4), ("Cat", 7)]


def test_excel_byte_order_mark_and_windows_encoding_are_read():
    rows = parse_participants_csv("\ufeffname,mobile,email\nZoë,07700900001,\n".encode(), [])
    assert rows[0].name == "Zoë"
    rows = parse_participants_csv("name,mobile,email\nRenée,07700900001,\n".encode("cp1252"), [])
    assert rows[0].name == "Renée"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"name,mobile,email\n", "no participants"),
        (b"\x00\x01binary", "CSV"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(data, message):
    with pytest.raises(UploadError) as error:
        parse_participants_csv(data, [])
    assert message in str(error.value)


def test_mobile_problems_say_what_is_wrong():
    rows = parse("name,mobile,email\nAnn,0117 414 0000,\nBob,+33 6 12 34 56 78,\nCal,07700 9,\n")
    assert rows[0].errors == [
        "This is not a mobile number. Enter a mobile phone number, like 07700 900 982, so we can send you text messages"
    ]
    assert rows[1].errors == ["Enter a UK mobile phone number. We can only send text messages to UK numbers"]
    assert rows[2].errors == ["Enter a mobile phone number in the correct format, like 07700 900 982"]
