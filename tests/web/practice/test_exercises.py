

def test_the_trauma_therapist_step_leads_to_help_instead_of_a_session(client_a):
    from verbinding.web.practice.models import PracticeSession

    page = client_a.get("/oefenen/ch-traumatherapie/").content.decode()
    assert "Zo vind je hulp" in page and ">Begin<" not in page
    response = client_a.post("/oefenen/ch-traumatherapie/begin/")
    assert response.status_code == 302 and response["Location"] == "/hulp/"
    assert not PracticeSession.objects.exists()
