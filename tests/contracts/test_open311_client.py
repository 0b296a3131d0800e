"""The published GeoReport v2 client (``georeport`` 0.3.1 from PyPI) against a live server.

The client has no submit call, so the submit is a plain form post to the same root address, as
the spec describes it; listing and reading back go through the client in JSON and in XML."""

import pytest
import requests
from georeport import GeoReport

from mashangjian.models import Case

# Live server: real transactions (the data each test needs is made by its fixtures).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("output_format", ["json", "xml"])
def test_list_submit_read_back(live_server, county_world, open_limits, output_format):
    root = f"{live_server.url}/api/open311/v2"
    client = GeoReport(root, jurisdiction=county_world.county.code, output_format=output_format)

    services = client.get_service_list()
    codes = [s["service_code"] for s in services]
    assert len(codes) == 14 and "TBBS" in codes
    assert client.get_service_definition("TBBS")["service_code"] == "TBBS"

    response = requests.post(
        f"{root}/requests.{output_format}",
        data={
            "jurisdiction_id": county_world.county.code,
            "service_code": "TBBS",
            "description": "教育局重复要求填报留守儿童情况表。",
            "address_string": "林源县某村",
            "lat": "27.5",
            "long": "118.25",
        },
        timeout=30,
    )
    assert response.status_code == 200, response.text
    number = Case.objects.get().number

    listed = client.get_service_requests()
    listed = [listed] if isinstance(listed, dict) else listed
    assert [r["service_request_id"] for r in listed] == [number]
    assert client.get_service_requests(service_request_id=number, status="open")
    read_back = client.get_service_request(number)
    assert read_back["service_request_id"] == number
    assert read_back["status"] == "open" and read_back["service_code"] == "TBBS"
    assert "林源县某村" not in str(read_back)  # the public view carries nothing the reporter typed

    with pytest.raises(requests.HTTPError) as missing:
        client.get_service_request("MSJ-0000-0000")
    assert missing.value.response.status_code == 404
