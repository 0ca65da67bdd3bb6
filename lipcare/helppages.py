"""The examples and the environment variables of the help pages (lipcare.helptext adds them to each page)."""

EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "": (
        ("lipcare timeline --date 2026-11-01 --preview", "Your plan from a treatment date, without remembering it."),
        ("lipcare checkin", "How are your lips today? It asks each question, then says what to do."),
        ("lipcare info warning-signs", "When to contact your physician."),
    ),
    "info": (
        ("lipcare info", "Everything: the procedure, aftercare, warning signs and sources."),
        ("lipcare info pain", "One topic, by a word you would use."),
        ("lipcare info sources", "Each source with its address and what it supports."),
    ),
    "timeline": (
        ("lipcare timeline --date 2026-11-01", "Your plan from your treatment date, remembered for next time."),
        ("lipcare timeline --on 2026-12-24", "The plan for another day."),
        ("lipcare timeline --json", "The same as JSON, for scripts."),
    ),
    "checkin": (
        ("lipcare checkin", "Asks each question, then says what to do."),
        (
            "lipcare checkin --redness 2 --swelling 1 --pain 3 --no-crusting --symptom none",
            "The answers given as options: nothing is asked.",
        ),
        ("lipcare checkin --redness 1 --dose antiviral=missed", "And the antiviral's doses were missed today."),
        ("lipcare checkin --correct 3 --pain 6", "Correct check-in 3: its pain was 6."),
    ),
    "history": (
        ("lipcare history", "Your check-ins and the redness chart."),
        ("lipcare history --all", "Every treatment and every check-in."),
        ("lipcare history --json", "Every check-in as JSON, for scripts."),
    ),
    "report": (
        ("lipcare report", "Writes lipcare-report-DATE.html to bring to your follow-up."),
        ("lipcare report --no-photos -o report.html", "A copy without your photos, to share more widely."),
    ),
    "data": (
        ("lipcare data path", "Where your journal is."),
        ("lipcare data export --format zip -o lipcare.zip", "Everything, with your photos, in one file."),
        ("lipcare data erase --everything", "Before uninstalling: remove everything lipcare made (it asks first)."),
    ),
    "data path": (("lipcare data path", "Where your journal is."),),
    "data export": (
        ("lipcare data export -o journal.json", "Everything in your journal, as JSON."),
        ("lipcare data export --format csv -o journal.csv", "One row per check-in, for a spreadsheet."),
        ("lipcare data export --format zip -o lipcare.zip", "The JSON and your photos in one file."),
    ),
    "data erase": (
        ("lipcare data erase", "Delete your journal, photos and cache (it asks first)."),
        ("lipcare data erase --settings", "The same, and your settings too."),
        ("lipcare data erase --everything", "Before uninstalling: also the shell completion and lipcare's folders."),
    ),
    "data encrypt": (
        ("lipcare data encrypt", "Asks for a passphrase twice, then encrypts your journal and photos."),
        ("lipcare data encrypt --remember", "The same, and keeps the passphrase in your system's keyring."),
    ),
    "data decrypt": (("lipcare data decrypt", "Asks for the passphrase, then stores your journal unencrypted."),),
    "data passphrase": (("lipcare data passphrase", "Asks for the passphrase, then a new one twice."),),
    "data recover": (("lipcare data recover", "Asks for your recovery code, then a new passphrase."),),
    "data forget": (("lipcare data forget", "Delete the passphrase your system's keyring keeps."),),
    "data lock": (("lipcare data lock", "The next command asks for the passphrase again."),),
    "settings": (
        ("lipcare settings show", "Your settings, and where each value in force comes from."),
        ('lipcare settings set clinic-phone "+44 20 7946 0000"', "Your clinic's phone, shown with the advice."),
        ("lipcare settings unset clinic-phone", "Remove it."),
    ),
    "settings show": (
        ("lipcare settings show", "Your settings, and where each value in force comes from."),
        ("lipcare settings show --json", "The same as JSON, for scripts."),
    ),
    "settings set": (
        ('lipcare settings set clinic-phone "+44 20 7946 0000"', "Your clinic's phone, shown with the advice."),
        ("lipcare settings set language ar", "Arabic, for every command."),
        ("lipcare settings set protocol clinic-protocol.toml", "Your clinic's protocol, for every command."),
    ),
    "settings unset": (("lipcare settings unset clinic-phone", "Remove your clinic's phone."),),
    "export": (
        ("lipcare export ics", "Your reminders, as a file for your calendar."),
        ("lipcare export sheet", "Your plan on one or two pages, to print."),
        ("lipcare export fhir", "Your plan and check-ins, for your clinic's records."),
    ),
    "export ics": (
        ("lipcare export ics", "Writes lipcare-plan-DATE.ics: import it into your calendar."),
        ("lipcare export ics --time 09:00 -o plan.ics", "Rinses from a treatment at 09:00, to plan.ics."),
    ),
    "export sheet": (
        ("lipcare export sheet", "Writes lipcare-plan-DATE.html: open it and print it."),
        ("lipcare export sheet --lang ar -o plan-ar.html", "The same plan in Arabic."),
    ),
    "export fhir": (
        ("lipcare export fhir", "Writes lipcare-fhir-DATE.json, naming nobody."),
        ('lipcare export fhir --patient-name "Sam Lee" --transaction', "A transaction bundle that names you."),
    ),
    "photo": (
        ("lipcare photo add lips.jpg", "Keep a photo with today's check-in."),
        ("lipcare photo list", "The photos kept, with their ids."),
    ),
    "photo add": (
        ("lipcare photo add lips.jpg", "Keep a photo with today's check-in."),
        ("lipcare photo add IMG_0042.HEIC --on 2026-11-03", "With the check-in of that day."),
    ),
    "photo list": (
        ("lipcare photo list", "The photos of your current treatment."),
        ("lipcare photo list --all", "The photos of every treatment."),
    ),
    "photo remove": (("lipcare photo remove 3f2a", "Delete the photo whose id starts with 3f2a."),),
    "remind": (
        ("lipcare remind install", "Your plan's reminders on your desktop, at their times."),
        ("lipcare remind status", "Whether they are installed, and the next one."),
        ("lipcare remind remove", "Stop them and delete what install wrote."),
    ),
    "remind install": (
        ("lipcare remind install", "Your plan's reminders on your desktop, at their times."),
        ("lipcare remind install --protocol clinic.toml", "With your clinic's protocol, for every reminder."),
    ),
    "remind status": (
        ("lipcare remind status", "Whether they are installed, and the next one."),
        ("lipcare remind status --json", "The same as JSON, for scripts."),
    ),
    "remind remove": (("lipcare remind remove", "Stop them and delete what install wrote."),),
    "remind due": (("lipcare remind due", "Show what is due now (the timer does this every 5 minutes)."),),
    "appointment": (
        ('lipcare appointment add 2026-12-10 10:30 --where "Clinic"', "Keep a follow-up appointment."),
        ("lipcare appointment list", "Your appointments, with their ids."),
    ),
    "appointment add": (
        ('lipcare appointment add 2026-12-10 10:30 --note "Check the healing"', "On that day at 10:30, with a note."),
        ("lipcare appointment add 'in 2 weeks'", "Two weeks from today, without a time yet."),
        ("lipcare appointment add 2026-11-30 --past", "A visit that has already taken place."),
    ),
    "appointment list": (
        ("lipcare appointment list", "Your appointments, with their ids."),
        ("lipcare appointment list --json", "The same as JSON, for scripts."),
    ),
    "appointment remove": (
        ("lipcare appointment remove 2", "Forget appointment 2."),
        ("lipcare appointment remove 2026-12-10", "Forget the only appointment on that day."),
    ),
    "medicine": (
        ("lipcare medicine list", "The protocol's medicines and your own, with their days and times."),
        (
            "lipcare medicine add Paracetamol --times 08:00,14:00,20:00 --to 'day 5' --dose '1 tablet'",
            "A medicine of your own, to day 5 after the treatment.",
        ),
    ),
    "medicine add": (
        (
            "lipcare medicine add Paracetamol --times 08:00,14:00,20:00 --to 'day 5' --dose '1 tablet'",
            "A medicine of your own, to day 5 after the treatment.",
        ),
        ("lipcare medicine add antiviral --times 09:00,21:00 --from -2", "Your clinic's times for the antiviral."),
    ),
    "medicine list": (("lipcare medicine list --json", "The same, for scripts."),),
    "medicine remove": (("lipcare medicine remove paracetamol", "Remove a medicine you added, by name or id."),),
    "completion": (
        (
            "lipcare completion bash > ~/.local/share/bash-completion/completions/lipcare",
            "Bash completes lipcare from the next terminal on (with the bash-completion package).",
        ),
        ("lipcare completion zsh > ~/.zfunc/_lipcare", "The same for zsh, with ~/.zfunc in its fpath."),
        ("lipcare completion fish > ~/.config/fish/completions/lipcare.fish", "The same for fish."),
    ),
    "protocol": (
        ("lipcare protocol init clinic-protocol.toml", "A clinic's protocol to edit, with comments."),
        ("lipcare protocol check clinic-protocol.toml", "Every problem in it, with its line."),
        ("lipcare protocol show --rules", "The protocol in force and its rules."),
    ),
    "protocol init": (
        ("lipcare protocol init clinic-protocol.toml", "A clinic's protocol to edit, with comments."),
        (
            "lipcare protocol init --translation ar --protocol clinic-protocol.toml",
            "Its Arabic translation to review, written beside it as clinic-protocol.ar.toml.",
        ),
    ),
    "protocol check": (("lipcare protocol check clinic-protocol.toml", "Every problem in it, with its line."),),
    "protocol show": (
        ("lipcare protocol show", "The protocol in force and where it comes from."),
        ("lipcare protocol show --rules", "With every rule, its days and its source."),
    ),
}
"""1-3 examples for each command's help page, by the command as typed after `lipcare` ("" is the root)."""

ENVIRONMENT: tuple[tuple[str, str], ...] = (
    ("LIPCARE_HOME", "One folder for everything lipcare keeps: journal, photos, settings and cache."),
    ("LIPCARE_LANG", "The language: en or ar (as --lang)."),
    ("LIPCARE_PROTOCOL", "A clinic's protocol file (as --protocol)."),
    ("LIPCARE_RTL", "Right-to-left text: logical, visual or auto (as --rtl)."),
    ("LIPCARE_PAGER, PAGER", "The pager for long pages (default: less -FRX); empty or cat for none."),
    ("NO_COLOR", "Set to anything: no colours."),
    ("LIPCARE_PLAIN", "Set to 1: plain text for screen readers, no boxes or symbols (as --plain; also TERM=dumb)."),
    ("LIPCARE_PASSPHRASE_FILE", "A private file holding the passphrase of an encrypted journal."),
    (
        "LIPCARE_NEW_PASSPHRASE_FILE",
        "A private file holding a new passphrase, for data passphrase and data recover.",
    ),
    ("LIPCARE_RECOVERY_FILE", "A private file holding the recovery code, for data recover."),
    ("LIPCARE_EXPORT_PASSPHRASE_FILE", "A private file holding the passphrase of data export --encrypt."),
    ("LIPCARE_DEBUG", "Set to 1: show the details of a problem lipcare does not know how to handle."),
    (
        "XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME",
        "Where the data, settings and cache folders go when LIPCARE_HOME is not set.",
    ),
    ("LANG, LC_ALL", "An Arabic locale (such as ar_EG.UTF-8) chooses Arabic."),
)
"""Every environment variable lipcare reads, for the root help page."""
