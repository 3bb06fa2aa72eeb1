package cli

// answersHelp says what check's three answers mean. mwaanet rules prints it above the
// table and in its help; the README says the same. "Not verifiable" is an info finding
// (model.SeverityInfo) whose message ends "not verifiable from this input": the input
// does not hold what the answer needs, so mwaanet neither passes nor fails it.
const answersHelp = `Every finding is one of three answers:
  error           the environment cannot be created, or cannot work, as the input stands (exit status 1)
  warning         it works, but departs from AWS's guidance (exit status 1 only with --fail-on warning)
  not verifiable  the answer needs what the input does not hold (a resource outside it, a value known
                  only after apply, a module not installed); an info finding, neither a pass nor a failure
Other info findings are information (cost, diagram, what cannot change later).`
